using System.Runtime.CompilerServices;

namespace CommsHub.Firmware.Crypto.Native
{
    /// <summary>
    /// The native entry points of the comms hub's device crypto (firmware/native: C over mbedTLS's PSA Crypto API),
    /// as nanoFramework interop methods. Each returns a status code (<see cref="Ok"/>, <see cref="Rejected"/> or a
    /// negative error) and never throws for bad input of its own: the native glue checks every array range
    /// before touching memory. Use CommsHub.Firmware.Crypto.NativeGbcsCrypto, which turns the codes into the
    /// IGbcsCrypto contract; this class is public only because that wrapper lives in another assembly.
    /// </summary>
    /// <remarks>
    /// This type is the whole interop assembly on purpose: with only static extern methods, the metadata
    /// processor's native method table is exactly these methods in declaration order, which is what
    /// interop/CommsHub_Firmware_Crypto_Native.cpp lists. Changing, adding or reordering a method changes the
    /// native checksum (see firmware/native/README.md).
    /// </remarks>
    public static class CryptoNatives
    {
        /// <summary>Success.</summary>
        public const int Ok = 0;

        /// <summary>A signature or tag did not verify, or a peer public key is not on P-256.</summary>
        public const int Rejected = 1;

        /// <summary>A length, range, key handle or key usage outside the contract.</summary>
        public const int BadArgument = -1;

        /// <summary>The firmware's mbedTLS lacks an algorithm this needs.</summary>
        public const int NotSupported = -2;

        /// <summary>Any other failure inside mbedTLS (key slots, memory, entropy, hardware).</summary>
        public const int Failed = -3;

        /// <summary>SHA-256 of first[firstOffset..+firstCount] || second[secondOffset..+secondCount] into digest at digestOffset (32 bytes). second may be null when secondCount is 0.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Sha256(byte[] first, int firstOffset, int firstCount,
            byte[] second, int secondOffset, int secondCount, byte[] digest, int digestOffset);

        /// <summary>
        /// Imports a 32-byte P-256 scalar for one usage (1 digital signature, 2 key agreement), writes the 65-byte
        /// public key and the key handle (keyId[0]). The scalar is held natively from then on.
        /// </summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int ImportPrivateKey(byte[] scalar, int usage, byte[] publicKey, uint[] keyId);

        /// <summary>Destroys an imported key; 0 is a no-op.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int DestroyKey(uint keyId);

        /// <summary>ECDSA P-256/SHA-256 over data[offset..+count] with a signature key; raw r||s (64 bytes) at signatureOffset.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int EcdsaSign(uint keyId, byte[] data, int offset, int count, byte[] signature, int signatureOffset);

        /// <summary>Verifies raw r||s (signatureCount bytes at signatureOffset) over data[offset..+count] with a 65-byte public key.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int EcdsaVerify(byte[] publicKey, byte[] data, int offset, int count,
            byte[] signature, int signatureOffset, int signatureCount);

        /// <summary>Static-static ECDH with a key-agreement key: Z (32 bytes) at zOffset.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int EcdhSharedSecret(uint keyId, byte[] peerPublicKey, byte[] z, int zOffset);

        /// <summary>AES-128-GCM encryption (12-byte IV, 12..16-byte tag); count 0 is GMAC and allows null plaintext and ciphertext.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int AesGcmEncrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
            byte[] plaintext, int plaintextOffset, int count, byte[] ciphertext, int ciphertextOffset,
            byte[] tag, int tagOffset, int tagLength);

        /// <summary>AES-128-GCM decryption and tag check; the plaintext range is zeroed when the tag does not verify.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int AesGcmDecrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
            byte[] ciphertext, int ciphertextOffset, int count, byte[] tag, int tagOffset, int tagLength,
            byte[] plaintext, int plaintextOffset);
    }
}

using System;
using CommsHub.Firmware.Crypto.Native;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Crypto
{
    /// <summary>
    /// <see cref="IGbcsCrypto"/> on the device: every primitive runs in the firmware's mbedTLS through the
    /// CommsHub.Firmware.Crypto.Native interop assembly (firmware/native). Same contract as the .NET
    /// implementation (NetGbcsCrypto): raw r||s signatures, 65-byte uncompressed public keys checked on the curve,
    /// Z as the x-coordinate, AES-128-GCM with 12-byte IVs and 12..16-byte tags. Verdicts (bad signature, bad tag,
    /// bad peer key) are false, never exceptions; caller errors are ArgumentExceptions. Private keys must be
    /// <see cref="NativePrivateKey"/>s. Holds no state, so one instance can be shared.
    /// </summary>
    public sealed class NativeGbcsCrypto : IGbcsCrypto
    {
        private const int DigestLength = 32;
        private const int SignatureLength = 64;
        private const int SecretLength = 32;

        /// <inheritdoc />
        public void Sha256(byte[] data, int offset, int count, byte[] digest, int digestOffset)
        {
            CheckRange(data, offset, count, nameof(data));
            CheckRange(digest, digestOffset, DigestLength, nameof(digest));
            Check(CryptoNatives.Sha256(data, offset, count, null, 0, 0, digest, digestOffset), "SHA-256");
        }

        /// <inheritdoc />
        public void Sha256(byte[] first, int firstOffset, int firstCount, byte[] second, int secondOffset, int secondCount,
            byte[] digest, int digestOffset)
        {
            CheckRange(first, firstOffset, firstCount, nameof(first));
            CheckRange(second, secondOffset, secondCount, nameof(second));
            CheckRange(digest, digestOffset, DigestLength, nameof(digest));
            Check(CryptoNatives.Sha256(first, firstOffset, firstCount, second, secondOffset, secondCount, digest, digestOffset),
                "SHA-256");
        }

        /// <inheritdoc />
        public bool EcdsaVerify(byte[] publicKey, byte[] data, int offset, int count, byte[] signature, int signatureOffset)
        {
            // Keys and signatures come off the wire: anything malformed is a "no", as in NetGbcsCrypto.
            if (publicKey == null || signature == null || signatureOffset < 0 ||
                signatureOffset > signature.Length - SignatureLength)
                return false;
            CheckRange(data, offset, count, nameof(data));
            return Verdict(CryptoNatives.EcdsaVerify(publicKey, data, offset, count, signature, signatureOffset, SignatureLength),
                "ECDSA verify");
        }

        /// <inheritdoc />
        public void EcdsaSign(IGbcsPrivateKey key, byte[] data, int offset, int count, byte[] signature, int signatureOffset)
        {
            var nativeKey = AsNativeKey(key, KeyUsage.DigitalSignature);
            CheckRange(data, offset, count, nameof(data));
            CheckRange(signature, signatureOffset, SignatureLength, nameof(signature));
            Check(CryptoNatives.EcdsaSign(nativeKey.KeyId, data, offset, count, signature, signatureOffset), "ECDSA sign");
        }

        /// <inheritdoc />
        public bool EcdhSharedSecret(IGbcsPrivateKey key, byte[] peerPublicKey, byte[] z, int zOffset)
        {
            var nativeKey = AsNativeKey(key, KeyUsage.KeyAgreement);
            if (z == null) throw new ArgumentNullException(nameof(z));
            CheckRange(z, zOffset, SecretLength, nameof(z));
            if (peerPublicKey == null) return false;
            return Verdict(CryptoNatives.EcdhSharedSecret(nativeKey.KeyId, peerPublicKey, z, zOffset), "ECDH");
        }

        /// <inheritdoc />
        public void AesGcmEncrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
            byte[] plaintext, int plaintextOffset, int plaintextCount,
            byte[] ciphertext, int ciphertextOffset, byte[] tag, int tagOffset, int tagLength)
        {
            CheckGcmArguments(key, iv, tagLength);
            CheckRange(aad, aadOffset, aadCount, nameof(aad));
            CheckRange(plaintext, plaintextOffset, plaintextCount, nameof(plaintext));
            CheckRange(ciphertext, ciphertextOffset, plaintextCount, nameof(ciphertext));
            CheckRange(tag, tagOffset, tagLength, nameof(tag));
            Check(CryptoNatives.AesGcmEncrypt(key, iv, aad, aadOffset, aadCount, plaintext, plaintextOffset, plaintextCount,
                ciphertext, ciphertextOffset, tag, tagOffset, tagLength), "AES-GCM encrypt");
        }

        /// <inheritdoc />
        public bool AesGcmDecrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
            byte[] ciphertext, int ciphertextOffset, int ciphertextCount,
            byte[] tag, int tagOffset, int tagLength, byte[] plaintext, int plaintextOffset)
        {
            CheckGcmArguments(key, iv, tagLength);
            CheckRange(aad, aadOffset, aadCount, nameof(aad));
            CheckRange(ciphertext, ciphertextOffset, ciphertextCount, nameof(ciphertext));
            CheckRange(tag, tagOffset, tagLength, nameof(tag));
            CheckRange(plaintext, plaintextOffset, ciphertextCount, nameof(plaintext));
            // The tag is compared in constant time inside mbedTLS; on failure the plaintext range is zeroed natively.
            return Verdict(CryptoNatives.AesGcmDecrypt(key, iv, aad, aadOffset, aadCount, ciphertext, ciphertextOffset,
                ciphertextCount, tag, tagOffset, tagLength, plaintext, plaintextOffset), "AES-GCM decrypt");
        }

        private static void CheckGcmArguments(byte[] key, byte[] iv, int tagLength)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            if (iv == null) throw new ArgumentNullException(nameof(iv));
            if (key.Length != 16) throw new ArgumentException("GBCS uses AES-128: the key must be 16 bytes", nameof(key));
            if (iv.Length != 12) throw new ArgumentException("GBCS GCM IVs are 12 bytes", nameof(iv));
            if (tagLength < 12 || tagLength > 16)
                throw new ArgumentOutOfRangeException(nameof(tagLength), "the tag length must be 12..16");
        }

        // Empty ranges may come with a null buffer (GMAC has no plaintext), as in NetGbcsCrypto.
        private static void CheckRange(byte[] buffer, int offset, int count, string name)
        {
            if (buffer == null)
            {
                if (count == 0) return;
                throw new ArgumentNullException(name);
            }
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
                throw new ArgumentOutOfRangeException(name, "offset and count must lie inside the array");
        }

        private static NativePrivateKey AsNativeKey(IGbcsPrivateKey key, KeyUsage usage)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            var nativeKey = key as NativePrivateKey;
            if (nativeKey == null)
                throw new ArgumentException("NativeGbcsCrypto needs a NativePrivateKey, got " + key.GetType().Name, nameof(key));
            if (nativeKey.Usage != usage)
                throw new ArgumentException("the key's usage is " + (nativeKey.Usage == KeyUsage.DigitalSignature
                    ? "digital signature; ECDH needs a key-agreement key"
                    : "key agreement; signing needs a digital-signature key"), nameof(key));
            return nativeKey;
        }

        private static bool Verdict(int status, string operation)
        {
            if (status == CryptoNatives.Ok) return true;
            if (status == CryptoNatives.Rejected) return false;
            Check(status, operation);
            return false;
        }

        private static void Check(int status, string operation)
        {
            if (status == CryptoNatives.Ok) return;
            // The managed checks above mirror the native ones, so BadArgument here means they disagree.
            if (status == CryptoNatives.BadArgument)
                throw new ArgumentException(operation + ": the device crypto refused the arguments");
            throw new NativeCryptoException(operation, status);
        }
    }
}

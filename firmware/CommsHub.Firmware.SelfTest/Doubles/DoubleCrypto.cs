using System;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.SelfTest.Doubles
{
    /// <summary>
    /// Deterministic stand-in for the device's native crypto (mbedTLS on a board): same interface, same data flow,
    /// no security. ECDH is symmetric (both sides derive the same Z from the two public keys), a "signature" is a hash of
    /// the signer's public key and the data, and "GCM" XORs a keystream and appends a keyed hash as tag. This lets the
    /// self-test exercise the GBCS MAC, KDF, signature and engine paths on any board, byte for byte reproducibly.
    /// </summary>
    public sealed class DoubleCrypto : IGbcsCrypto
    {
        private readonly byte[] _block = new byte[32];
        private readonly byte[] _pair = new byte[130];

        /// <inheritdoc />
        public void Sha256(byte[] data, int offset, int count, byte[] digest, int digestOffset)
        {
            DoubleHash.Mix(data, offset, count, data, 0, 0, digest, digestOffset);
        }

        /// <inheritdoc />
        public void Sha256(byte[] first, int firstOffset, int firstCount, byte[] second, int secondOffset, int secondCount, byte[] digest, int digestOffset)
        {
            DoubleHash.Mix(first, firstOffset, firstCount, second, secondOffset, secondCount, digest, digestOffset);
        }

        /// <inheritdoc />
        public bool EcdsaVerify(byte[] publicKey, byte[] data, int offset, int count, byte[] signature, int signatureOffset)
        {
            if (publicKey == null || publicKey.Length != 65 || signature == null || signatureOffset + 64 > signature.Length) return false;
            byte[] expected = new byte[64];
            Signature(publicKey, data, offset, count, expected);
            return ConstantTime.Equals(expected, 0, signature, signatureOffset, 64);
        }

        /// <inheritdoc />
        public void EcdsaSign(IGbcsPrivateKey key, byte[] data, int offset, int count, byte[] signature, int signatureOffset)
        {
            byte[] sig = new byte[64];
            Signature(key.PublicKey, data, offset, count, sig);
            Array.Copy(sig, 0, signature, signatureOffset, 64);
        }

        /// <inheritdoc />
        public bool EcdhSharedSecret(IGbcsPrivateKey key, byte[] peerPublicKey, byte[] z, int zOffset)
        {
            if (peerPublicKey == null || peerPublicKey.Length != 65 || peerPublicKey[0] != 0x04) return false;
            byte[] own = key.PublicKey;
            // Order the two keys so both ends compute the same Z.
            bool ownFirst = Compare(own, peerPublicKey) <= 0;
            Array.Copy(ownFirst ? own : peerPublicKey, 0, _pair, 0, 65);
            Array.Copy(ownFirst ? peerPublicKey : own, 0, _pair, 65, 65);
            DoubleHash.Mix(_pair, 0, 130, _pair, 0, 0, z, zOffset);
            return true;
        }

        /// <inheritdoc />
        public void AesGcmEncrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
            byte[] plaintext, int plaintextOffset, int plaintextCount,
            byte[] ciphertext, int ciphertextOffset, byte[] tag, int tagOffset, int tagLength)
        {
            Keystream(key, iv);
            for (int i = 0; i < plaintextCount; i++)
                ciphertext[ciphertextOffset + i] = (byte)(plaintext[plaintextOffset + i] ^ _block[i % 32]);
            Tag(key, aad, aadOffset, aadCount, ciphertext, ciphertextOffset, plaintextCount);
            Array.Copy(_block, 0, tag, tagOffset, tagLength);
        }

        /// <inheritdoc />
        public bool AesGcmDecrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
            byte[] ciphertext, int ciphertextOffset, int ciphertextCount,
            byte[] tag, int tagOffset, int tagLength, byte[] plaintext, int plaintextOffset)
        {
            Tag(key, aad, aadOffset, aadCount, ciphertext, ciphertextOffset, ciphertextCount);
            if (!ConstantTime.Equals(_block, 0, tag, tagOffset, tagLength)) return false;
            Keystream(key, iv);
            for (int i = 0; i < ciphertextCount; i++)
                plaintext[plaintextOffset + i] = (byte)(ciphertext[ciphertextOffset + i] ^ _block[i % 32]);
            return true;
        }

        private void Keystream(byte[] key, byte[] iv)
        {
            DoubleHash.Mix(key, 0, key.Length, iv, 0, iv.Length, _block, 0);
        }

        private void Tag(byte[] key, byte[] aad, int aadOffset, int aadCount, byte[] ct, int ctOffset, int ctCount)
        {
            byte[] inner = new byte[32];
            DoubleHash.Mix(aad, aadOffset, aadCount, ct, ctOffset, ctCount, inner, 0);
            DoubleHash.Mix(key, 0, key.Length, inner, 0, 32, _block, 0);
        }

        private static void Signature(byte[] publicKey, byte[] data, int offset, int count, byte[] sig)
        {
            DoubleHash.Mix(publicKey, 0, 65, data, offset, count, sig, 0);
            DoubleHash.Mix(data, offset, count, publicKey, 0, 65, sig, 32);
        }

        private static int Compare(byte[] a, byte[] b)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
            }
            return 0;
        }
    }
}

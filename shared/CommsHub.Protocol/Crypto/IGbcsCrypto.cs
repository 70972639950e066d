namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// The crypto primitives GBCS needs (GBCS.md §3.1), behind an interface so that portable code runs over
    /// System.Security.Cryptography on .NET and over mbedTLS natives on the device. Public keys are 65-byte
    /// uncompressed SEC1 points; signatures are raw 64-byte r||s. GBCS-level logic (KDF OtherInfo, MAC AAD,
    /// key-pair selection) is portable and built on these.
    /// </summary>
    public interface IGbcsCrypto
    {
        /// <summary>SHA-256 of <paramref name="count"/> bytes at <paramref name="offset"/>, written to <paramref name="digest"/> at <paramref name="digestOffset"/>.</summary>
        void Sha256(byte[] data, int offset, int count, byte[] digest, int digestOffset);

        /// <summary>
        /// SHA-256 of the concatenation of two ranges, so the KDF can hash <c>counter || Z || OtherInfo</c> without
        /// assembling a buffer.
        /// </summary>
        void Sha256(byte[] first, int firstOffset, int firstCount, byte[] second, int secondOffset, int secondCount, byte[] digest, int digestOffset);

        /// <summary>
        /// Verifies an ECDSA P-256/SHA-256 signature (raw r||s, 64 bytes at <paramref name="signatureOffset"/>) over
        /// the data range. Returns false, never throws, for a malformed key or signature.
        /// </summary>
        bool EcdsaVerify(byte[] publicKey, byte[] data, int offset, int count, byte[] signature, int signatureOffset);

        /// <summary>Signs the data range with ECDSA P-256/SHA-256 and writes raw r||s (64 bytes) to <paramref name="signature"/>.</summary>
        void EcdsaSign(IGbcsPrivateKey key, byte[] data, int offset, int count, byte[] signature, int signatureOffset);

        /// <summary>
        /// Static-static ECDH on P-256: writes the 32-byte shared secret Z (the x-coordinate) to <paramref name="z"/>.
        /// Returns false when the peer key is not a valid point on P-256 (invalid-curve attacks).
        /// </summary>
        bool EcdhSharedSecret(IGbcsPrivateKey key, byte[] peerPublicKey, byte[] z, int zOffset);

        /// <summary>
        /// AES-128-GCM encryption with a 12-byte IV. <paramref name="plaintext"/> may be empty (GMAC); the tag of
        /// <paramref name="tagLength"/> bytes (12..16) is written to <paramref name="tag"/>.
        /// </summary>
        void AesGcmEncrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
            byte[] plaintext, int plaintextOffset, int plaintextCount,
            byte[] ciphertext, int ciphertextOffset, byte[] tag, int tagOffset, int tagLength);

        /// <summary>
        /// AES-128-GCM decryption and tag check (constant time). Returns false and writes nothing usable when the
        /// tag does not verify.
        /// </summary>
        bool AesGcmDecrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount,
            byte[] ciphertext, int ciphertextOffset, int ciphertextCount,
            byte[] tag, int tagOffset, int tagLength, byte[] plaintext, int plaintextOffset);
    }
}

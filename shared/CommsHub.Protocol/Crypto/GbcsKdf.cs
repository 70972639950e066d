using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// The GBCS key derivation (NIST SP800-56A single-step KDF, GBCS 4.3.3): K = SHA-256(00000001 || Z || OtherInfo)[0..16],
    /// OtherInfo = AlgorithmID(7) || originator(8) || 09 || TT || counter(8) || recipient(8) (GBCS.md §3.1).
    /// </summary>
    public static class GbcsKdf
    {
        /// <summary>Transaction type byte for payload encryption keys (in place of the CRA flag).</summary>
        public const int PayloadEncryption = 0x04;

        /// <summary>Length of the OtherInfo block.</summary>
        public const int OtherInfoLength = 33;

        /// <summary>Bytes of a derived AES-128 key.</summary>
        public const int KeyLength = 16;

        private static readonly byte[] AlgorithmId = new byte[] { 0x60, 0x85, 0x74, 0x06, 0x08, 0x03, 0x00 };

        /// <summary>Writes the 33-byte OtherInfo block at <paramref name="offset"/>.</summary>
        /// <param name="transactionType">CRA flag (1 command, 2 response, 3 alert) or <see cref="PayloadEncryption"/>.</param>
        public static void WriteOtherInfo(byte[] b, int offset, ulong originator, int transactionType, ulong counter, ulong recipient)
        {
            for (int i = 0; i < AlgorithmId.Length; i++) b[offset + i] = AlgorithmId[i];
            BigEndian.WriteUInt64(b, offset + 7, originator);
            b[offset + 15] = 0x09;
            b[offset + 16] = (byte)transactionType;
            BigEndian.WriteUInt64(b, offset + 17, counter);
            BigEndian.WriteUInt64(b, offset + 25, recipient);
        }

        /// <summary>
        /// Derives the AES-128 key from the 32-byte shared secret <paramref name="z"/>. <paramref name="scratch"/> must
        /// hold at least 4 + 32 + 33 = 69 bytes plus 32 for the digest (101); it is overwritten, so callers can reuse one
        /// buffer instead of allocating per message.
        /// </summary>
        public static void DeriveKey(IGbcsCrypto crypto, byte[] z, int zOffset, ulong originator, int transactionType,
            ulong counter, ulong recipient, byte[] key, int keyOffset, byte[] scratch)
        {
            scratch[0] = 0; scratch[1] = 0; scratch[2] = 0; scratch[3] = 1;
            for (int i = 0; i < 32; i++) scratch[4 + i] = z[zOffset + i];
            WriteOtherInfo(scratch, 36, originator, transactionType, counter, recipient);
            crypto.Sha256(scratch, 0, 69, scratch, 69);
            for (int i = 0; i < KeyLength; i++) key[keyOffset + i] = scratch[69 + i];
            // Z and the digest are secret material: do not leave them in a reusable buffer.
            for (int i = 0; i < 101; i++) scratch[i] = 0;
        }

        /// <summary>Scratch size <see cref="DeriveKey"/> needs.</summary>
        public const int ScratchLength = 101;

        /// <summary>Writes the 12-byte GCM IV: originator system title || 00000000 (GBCS 4.3.3.4).</summary>
        public static void WriteIv(byte[] iv, ulong originator)
        {
            WriteIv(iv, originator, 0);
        }

        /// <summary>
        /// Writes the 12-byte GCM IV: originator system title || <paramref name="invocationCounter"/> (big-endian), the
        /// invocation counter being the one in the security header of the protected bytes (0 in every RTDS message).
        /// </summary>
        public static void WriteIv(byte[] iv, ulong originator, uint invocationCounter)
        {
            BigEndian.WriteUInt64(iv, 0, originator);
            BigEndian.WriteUInt32(iv, 8, invocationCounter);
        }
    }
}

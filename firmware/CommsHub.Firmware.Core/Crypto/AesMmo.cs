using System;

namespace CommsHub.Firmware.Core.Crypto
{
    /// <summary>
    /// The ZigBee Matyas-Meyer-Oseas hash over AES-128 (ZigBee spec B.6): H0 = 0, Hj = E(Hj-1, Mj) XOR Mj, with
    /// Merkle-Damgard padding (a 1 bit, zeros, then the message length in bits as 16 bits big-endian). It derives
    /// the install-code link key and hashes TC link keys for the device log backup.
    /// </summary>
    public static class AesMmo
    {
        /// <summary>Block and digest size in bytes.</summary>
        public const int BlockSize = 16;

        /// <summary>Hashes <paramref name="count"/> bytes (fewer than 8192: the short-message padding) into a new 16-byte array.</summary>
        public static byte[] Hash(IAes128 aes, byte[] data, int offset, int count)
        {
            byte[] digest = new byte[BlockSize];
            Hash(aes, data, offset, count, digest, 0);
            return digest;
        }

        /// <summary>Hashes <paramref name="count"/> bytes into <paramref name="digest"/> at <paramref name="digestOffset"/>.</summary>
        public static void Hash(IAes128 aes, byte[] data, int offset, int count, byte[] digest, int digestOffset)
        {
            if (aes == null) throw new ArgumentNullException("aes");
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count) throw new ArgumentOutOfRangeException("count");
            // The 16-bit length form of the padding covers messages below 2^16 bits; keys and install codes are tiny.
            if (count >= 8192) throw new ArgumentOutOfRangeException("count", "AES-MMO here supports messages below 8192 bytes");
            byte[] h = new byte[BlockSize];
            byte[] block = new byte[BlockSize];
            int full = count / BlockSize;
            for (int j = 0; j < full; j++)
            {
                Array.Copy(data, offset + j * BlockSize, block, 0, BlockSize);
                Step(aes, h, block);
            }
            int rest = count - full * BlockSize;
            Array.Clear(block, 0, BlockSize);
            Array.Copy(data, offset + full * BlockSize, block, 0, rest);
            block[rest] = 0x80;
            int bits = count * 8;
            if (rest + 1 > BlockSize - 2)
            {
                // No room for the length in this block: it goes into an extra block of zeros.
                Step(aes, h, block);
                Array.Clear(block, 0, BlockSize);
            }
            block[BlockSize - 2] = (byte)(bits >> 8);
            block[BlockSize - 1] = (byte)bits;
            Step(aes, h, block);
            Array.Copy(h, 0, digest, digestOffset, BlockSize);
        }

        private static void Step(IAes128 aes, byte[] h, byte[] block)
        {
            // E(H, M) XOR M, keyed by the previous hash value.
            byte[] key = new byte[BlockSize];
            Array.Copy(h, 0, key, 0, BlockSize);
            aes.EncryptBlock(key, block, 0, h, 0);
            for (int i = 0; i < BlockSize; i++) h[i] ^= block[i];
        }
    }
}

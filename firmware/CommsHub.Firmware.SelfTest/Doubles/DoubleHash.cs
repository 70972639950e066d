using CommsHub.Firmware.Core.Storage;

namespace CommsHub.Firmware.SelfTest.Doubles
{
    /// <summary>
    /// A deterministic 32-byte mixing function built from CRC-32 with eight different seeds. NOT cryptographic: it
    /// stands in for SHA-256 and friends in the self-test, where real crypto is native and proven elsewhere.
    /// </summary>
    public static class DoubleHash
    {
        /// <summary>Writes 32 bytes derived from the two ranges to <paramref name="output"/>.</summary>
        public static void Mix(byte[] a, int aOffset, int aCount, byte[] b, int bOffset, int bCount, byte[] output, int outputOffset)
        {
            byte[] seed = new byte[1];
            for (int i = 0; i < 8; i++)
            {
                seed[0] = (byte)(0xA5 ^ (i * 37));
                uint crc = Crc32.Start();
                crc = Crc32.Update(crc, seed, 0, 1);
                crc = Crc32.Update(crc, a, aOffset, aCount);
                if (bCount > 0) crc = Crc32.Update(crc, b, bOffset, bCount);
                crc = Crc32.Finish(crc);
                output[outputOffset + 4 * i] = (byte)(crc >> 24);
                output[outputOffset + 4 * i + 1] = (byte)(crc >> 16);
                output[outputOffset + 4 * i + 2] = (byte)(crc >> 8);
                output[outputOffset + 4 * i + 3] = (byte)crc;
            }
        }
    }
}

using System;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF; "123456789" -> 0xCBF43926),
    /// the check on stored records. Written here because nanoFramework's mscorlib has none.
    /// </summary>
    public static class Crc32
    {
        private static uint[] _table;

        /// <summary>The CRC of <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Start(), data, offset, count));
        }

        /// <summary>Initial running value, for CRCs over several ranges.</summary>
        public static uint Start()
        {
            return 0xFFFFFFFFu;
        }

        /// <summary>Feeds a range into a running value.</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
                throw new ArgumentOutOfRangeException("count");
            uint[] table = Table();
            for (int i = 0; i < count; i++)
                crc = table[(crc ^ data[offset + i]) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        /// <summary>Turns a running value into the CRC.</summary>
        public static uint Finish(uint crc)
        {
            return crc ^ 0xFFFFFFFFu;
        }

        private static uint[] Table()
        {
            // Built lazily once: 1 KB of heap, and 8x faster than bitwise on the interpreter.
            if (_table != null) return _table;
            uint[] t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            _table = t;
            return t;
        }
    }
}

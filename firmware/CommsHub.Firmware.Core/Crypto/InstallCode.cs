using System;

namespace CommsHub.Firmware.Core.Crypto
{
    /// <summary>
    /// ZigBee install codes: 6, 8, 12 or 16 bytes followed by a CRC-16 (X.25 / CCITT reflected, init and final XOR
    /// 0xFFFF, stored least significant byte first). The install-code-derived link key a joining device uses is the
    /// AES-MMO hash of the code including its CRC.
    /// </summary>
    public static class InstallCode
    {
        /// <summary>Length of a link key in bytes.</summary>
        public const int KeyLength = 16;

        /// <summary>CRC-16/X.25 of a range, as ZigBee appends it to an install code.</summary>
        public static int Crc16(byte[] data, int offset, int count)
        {
            int crc = 0xFFFF;
            for (int i = 0; i < count; i++)
            {
                crc ^= data[offset + i];
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1;
            }
            return crc ^ 0xFFFF;
        }

        /// <summary>
        /// Returns the code with its CRC: a code already carrying a valid CRC (8, 10, 14 or 18 bytes) as is, a bare
        /// code (6, 8, 12 or 16 bytes, e.g. the 16-byte key of a GBCS register_device) with the CRC appended; null
        /// for anything else. An 8-byte input is taken as a 6-byte code plus CRC only when that CRC verifies.
        /// </summary>
        public static byte[] WithCrc(byte[] code)
        {
            if (code == null) return null;
            int n = code.Length;
            if ((n == 8 || n == 10 || n == 14 || n == 18) && HasValidCrc(code))
            {
                byte[] copy = new byte[n];
                Array.Copy(code, copy, n);
                return copy;
            }
            if (n == 6 || n == 8 || n == 12 || n == 16)
            {
                byte[] r = new byte[n + 2];
                Array.Copy(code, r, n);
                int crc = Crc16(code, 0, n);
                r[n] = (byte)crc;
                r[n + 1] = (byte)(crc >> 8);
                return r;
            }
            return null;
        }

        /// <summary>
        /// Derives the link key (16 bytes) from an install code with or without its CRC; null when the code has an
        /// invalid length or a wrong CRC.
        /// </summary>
        public static byte[] DeriveLinkKey(IAes128 aes, byte[] code)
        {
            byte[] full = WithCrc(code);
            if (full == null) return null;
            return AesMmo.Hash(aes, full, 0, full.Length);
        }

        private static bool HasValidCrc(byte[] code)
        {
            int n = code.Length - 2;
            int crc = Crc16(code, 0, n);
            return code[n] == (byte)crc && code[n + 1] == (byte)(crc >> 8);
        }
    }
}

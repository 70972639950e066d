namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>
    /// ASH frame check (UG101 §2, "CRC"): CRC-CCITT, polynomial 0x1021, initial value 0xFFFF, no reflection, no final
    /// XOR, over the control byte and the (randomised) data field, sent high byte first.
    /// </summary>
    public static class AshCrc
    {
        /// <summary>The CRC's initial value.</summary>
        public const int Initial = 0xFFFF;

        /// <summary>Folds one byte into <paramref name="crc"/>.</summary>
        public static int Update(int crc, byte value)
        {
            crc ^= value << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            return crc & 0xFFFF;
        }

        /// <summary>CRC of <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public static int Compute(byte[] buffer, int offset, int count)
        {
            int crc = Initial;
            for (int i = 0; i < count; i++) crc = Update(crc, buffer[offset + i]);
            return crc;
        }
    }
}

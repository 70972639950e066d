namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>
    /// ASH data-field randomisation (UG101 §4.3): DATA frames' data bytes are XORed with a pseudo-random sequence so
    /// that long runs of reserved bytes do not double in size when stuffed. The sequence starts at 0x42; each next
    /// value is the previous shifted right, XORed with 0xB8 when the shifted-out bit was 1. Applying it twice restores
    /// the data, so the same call randomises and de-randomises.
    /// </summary>
    public static class AshRandomizer
    {
        /// <summary>The sequence's first value.</summary>
        public const byte Seed = 0x42;

        /// <summary>The sequence value after <paramref name="value"/>.</summary>
        public static byte Next(byte value)
        {
            return (value & 0x01) != 0 ? (byte)((value >> 1) ^ 0xB8) : (byte)(value >> 1);
        }

        /// <summary>XORs <paramref name="count"/> bytes in place with the sequence from its start.</summary>
        public static void Apply(byte[] buffer, int offset, int count)
        {
            byte r = Seed;
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] ^= r;
                r = Next(r);
            }
        }
    }
}

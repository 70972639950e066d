using System;

namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>
    /// Frame encoder (UG101 §3–4): control byte, data field (randomised for DATA), CRC high byte first, all stuffed,
    /// then the Flag. Writes into a caller's buffer so the send path needs no allocation.
    /// </summary>
    public static class AshFrameWriter
    {
        /// <summary>Largest encoded frame: every byte of control, data and CRC stuffed, plus the Flag.</summary>
        public const int MaxEncodedLength = 2 * (1 + AshFrame.MaxDataLength + 2) + 1;

        /// <summary>
        /// Encodes one frame into <paramref name="output"/> at <paramref name="outputOffset"/> and returns its length.
        /// <paramref name="data"/> is not changed (DATA randomisation works on the output).
        /// </summary>
        /// <exception cref="ArgumentException">data longer than 128 bytes, or the output too small.</exception>
        public static int Write(byte control, byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            if (count < 0 || count > AshFrame.MaxDataLength) throw new ArgumentException("an ASH data field holds 0..128 bytes");
            if (count > 0 && (data == null || offset < 0 || offset > data.Length - count)) throw new ArgumentException("data range");
            if (output == null || outputOffset < 0 || output.Length - outputOffset < 2 * (count + 3) + 1)
                throw new ArgumentException("output buffer too small for the stuffed frame");
            bool randomise = AshControl.TypeOf(control) == AshFrameType.Data;
            int at = outputOffset;
            int crc = AshCrc.Update(AshCrc.Initial, control);
            at = Stuff(control, output, at);
            byte r = AshRandomizer.Seed;
            for (int i = 0; i < count; i++)
            {
                byte b = data[offset + i];
                if (randomise)
                {
                    b ^= r;
                    r = AshRandomizer.Next(r);
                }
                crc = AshCrc.Update(crc, b);
                at = Stuff(b, output, at);
            }
            at = Stuff((byte)(crc >> 8), output, at);
            at = Stuff((byte)crc, output, at);
            output[at++] = AshReservedByte.Flag;
            return at - outputOffset;
        }

        /// <summary>Encodes one frame into a new array (for tools and tests; the driver uses <see cref="Write"/>).</summary>
        public static byte[] Build(byte control, byte[] data)
        {
            int count = data == null ? 0 : data.Length;
            byte[] buffer = new byte[2 * (count + 3) + 1];
            int length = Write(control, data, 0, count, buffer, 0);
            byte[] frame = new byte[length];
            Array.Copy(buffer, frame, length);
            return frame;
        }

        private static int Stuff(byte value, byte[] output, int at)
        {
            if (AshReservedByte.IsReserved(value))
            {
                output[at++] = AshReservedByte.Escape;
                output[at++] = (byte)(value ^ AshReservedByte.StuffBit);
            }
            else
            {
                output[at++] = value;
            }
            return at;
        }
    }
}

namespace CommsHub.Protocol.Encoding
{
    /// <summary>Writes DLMS/BER lengths (the forms <see cref="ByteReader.ReadLength"/> reads).</summary>
    public static class LengthEncoding
    {
        /// <summary>The minimal width in bytes for a length.</summary>
        public static int MinimalWidth(int length)
        {
            if (length < 0x80) return 1;
            if (length <= 0xFF) return 2;
            if (length <= 0xFFFF) return 3;
            return 4;
        }

        /// <summary>
        /// Writes <paramref name="length"/> in <paramref name="width"/> bytes (0 = minimal) at <paramref name="offset"/>;
        /// returns the offset after it. A non-minimal width reproduces frames that used one.
        /// </summary>
        public static int Write(byte[] b, int offset, int length, int width)
        {
            int min = MinimalWidth(length);
            if (width < min) width = min;
            if (width == 1)
            {
                b[offset] = (byte)length;
                return offset + 1;
            }
            int n = width - 1;
            b[offset] = (byte)(0x80 | n);
            for (int i = n; i >= 1; i--)
            {
                b[offset + i] = (byte)length;
                length >>= 8;
            }
            return offset + width;
        }
    }
}

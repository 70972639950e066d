namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>Little-endian field reader over a received frame's parameters; reading past the end is an <see cref="EzspFormatException"/>.</summary>
    public sealed class EzspReader
    {
        private byte[] _buffer;
        private int _position;
        private int _end;

        /// <summary>Points the reader at <paramref name="count"/> bytes from <paramref name="offset"/> (reused per frame: no allocation).</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _position = offset;
            _end = offset + count;
        }

        /// <summary>Where the next field starts in the buffer.</summary>
        public int Position { get { return _position; } }

        /// <summary>Bytes not yet read.</summary>
        public int Remaining { get { return _end - _position; } }

        /// <summary>The buffer being read.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>One byte.</summary>
        public int U8()
        {
            Need(1, "a one-byte field");
            return _buffer[_position++];
        }

        /// <summary>Two bytes, low first.</summary>
        public int U16()
        {
            Need(2, "a two-byte field");
            int value = _buffer[_position] | (_buffer[_position + 1] << 8);
            _position += 2;
            return value;
        }

        /// <summary>Four bytes, low first.</summary>
        public uint U32()
        {
            Need(4, "a four-byte field");
            uint value = 0;
            for (int i = 0; i < 4; i++) value |= (uint)_buffer[_position + i] << (8 * i);
            _position += 4;
            return value;
        }

        /// <summary>An EUI-64, low byte first.</summary>
        public ulong Eui64()
        {
            Need(8, "an EUI-64");
            ulong value = 0;
            for (int i = 0; i < 8; i++) value |= (ulong)_buffer[_position + i] << (8 * i);
            _position += 8;
            return value;
        }

        /// <summary>Skips <paramref name="count"/> bytes (after checking they are there).</summary>
        public void Skip(int count, string what)
        {
            Need(count, what);
            _position += count;
        }

        private void Need(int count, string what)
        {
            if (_end - _position < count) throw new EzspFormatException("EZSP frame ends before " + what);
        }
    }
}

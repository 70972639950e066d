namespace CommsHub.Protocol.Encoding
{
    /// <summary>
    /// Bounds-checked forward reader over a region of a byte array. Decoders read in place through it so that
    /// a short or lying frame ends in a <see cref="GbcsFormatException"/>, never an over-read.
    /// </summary>
    public sealed class ByteReader
    {
        private byte[] _buffer;
        private int _start;
        private int _end;
        private int _position;

        /// <summary>Reads <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public ByteReader(byte[] buffer, int offset, int count)
        {
            Reset(buffer, offset, count);
        }

        /// <summary>
        /// Points this reader at another region, as if newly made over it: a parser that keeps one reader per message
        /// object reads every frame without allocating.
        /// </summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
                throw new GbcsFormatException(GbcsErrorCode.Truncated, 0, "region outside the buffer");
            _buffer = buffer;
            _start = offset;
            _position = offset;
            _end = offset + count;
        }

        /// <summary>The underlying buffer.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Absolute position in <see cref="Buffer"/>.</summary>
        public int Position { get { return _position; } }

        /// <summary>Absolute end (exclusive) of the readable region.</summary>
        public int End { get { return _end; } }

        /// <summary>Bytes left before <see cref="End"/>.</summary>
        public int Remaining { get { return _end - _position; } }

        /// <summary>Position relative to the start of the region, for error messages.</summary>
        public int RelativePosition { get { return _position - _start; } }

        /// <summary>Fails unless <paramref name="count"/> more bytes are available.</summary>
        public void Need(int count, string what)
        {
            if (count < 0 || count > _end - _position)
                throw new GbcsFormatException(GbcsErrorCode.Truncated, RelativePosition, what + " runs past the end of the input");
        }

        /// <summary>Reads one byte.</summary>
        public int ReadByte(string what)
        {
            Need(1, what);
            return _buffer[_position++];
        }

        /// <summary>Returns the next byte without consuming it.</summary>
        public int Peek(string what)
        {
            Need(1, what);
            return _buffer[_position];
        }

        /// <summary>Reads a big-endian 16-bit value.</summary>
        public int ReadUInt16(string what)
        {
            Need(2, what);
            int v = BigEndian.ReadUInt16(_buffer, _position);
            _position += 2;
            return v;
        }

        /// <summary>Reads a big-endian 32-bit value.</summary>
        public uint ReadUInt32(string what)
        {
            Need(4, what);
            uint v = BigEndian.ReadUInt32(_buffer, _position);
            _position += 4;
            return v;
        }

        /// <summary>Reads a big-endian 64-bit value.</summary>
        public ulong ReadUInt64(string what)
        {
            Need(8, what);
            ulong v = BigEndian.ReadUInt64(_buffer, _position);
            _position += 8;
            return v;
        }

        /// <summary>Skips <paramref name="count"/> bytes and returns the absolute offset where they start.</summary>
        public int Skip(int count, string what)
        {
            Need(count, what);
            int at = _position;
            _position += count;
            return at;
        }

        /// <summary>Consumes one byte that must equal <paramref name="tag"/>.</summary>
        public void ExpectTag(int tag, string what)
        {
            int at = RelativePosition;
            int b = ReadByte(what);
            if (b != tag)
                throw new GbcsFormatException(GbcsErrorCode.UnexpectedTag, at,
                    what + ": expected tag 0x" + tag.ToString("X2") + ", found 0x" + b.ToString("X2"));
        }

        /// <summary>
        /// Reads a DLMS/BER length: one byte below 0x80, else 0x81..0x83 followed by 1..3 length bytes.
        /// <paramref name="width"/> receives the number of bytes the length took, so a re-encoder can keep the form.
        /// </summary>
        public int ReadLength(string what, out int width)
        {
            int at = RelativePosition;
            int first = ReadByte(what);
            if (first < 0x80)
            {
                width = 1;
                return first;
            }
            int n = first & 0x7F;
            if (n == 0 || n > 3)
                throw new GbcsFormatException(GbcsErrorCode.BadLength, at, what + ": unsupported length form 0x" + first.ToString("X2"));
            Need(n, what);
            int value = 0;
            for (int i = 0; i < n; i++) value = (value << 8) | _buffer[_position++];
            width = n + 1;
            return value;
        }

        /// <summary>Reads a length and checks that many bytes follow.</summary>
        public int ReadBoundedLength(string what, out int width)
        {
            int at = RelativePosition;
            int len = ReadLength(what, out width);
            if (len > Remaining)
                throw new GbcsFormatException(GbcsErrorCode.Truncated, at, what + " announces " + len.ToString() + " bytes but " + Remaining.ToString() + " remain");
            return len;
        }

        /// <summary>Narrows the readable region to end at absolute offset <paramref name="end"/>.</summary>
        public void Limit(int end)
        {
            if (end < _position || end > _end)
                throw new GbcsFormatException(GbcsErrorCode.BadLength, RelativePosition, "inner length exceeds its container");
            _end = end;
        }
    }
}

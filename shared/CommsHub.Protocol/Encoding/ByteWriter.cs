using System;

namespace CommsHub.Protocol.Encoding
{
    /// <summary>
    /// Growable big-endian byte sink for encoders (nanoFramework has no MemoryStream in mscorlib).
    /// One instance can be <see cref="Reset"/> and reused so a device does not allocate per message.
    /// </summary>
    public sealed class ByteWriter
    {
        private byte[] _buffer;
        private int _length;

        /// <summary>Creates a writer with a small initial capacity.</summary>
        public ByteWriter() : this(64) { }

        /// <summary>Creates a writer with <paramref name="capacity"/> bytes reserved.</summary>
        public ByteWriter(int capacity)
        {
            _buffer = new byte[capacity < 16 ? 16 : capacity];
        }

        /// <summary>Number of bytes written.</summary>
        public int Length { get { return _length; } }

        /// <summary>The internal buffer (valid bytes are 0..<see cref="Length"/>); avoids a copy on the device.</summary>
        public byte[] GetBuffer() { return _buffer; }

        /// <summary>Forgets the content but keeps the capacity.</summary>
        public void Reset() { _length = 0; }

        /// <summary>Copies the written bytes into a new array.</summary>
        public byte[] ToArray()
        {
            byte[] r = new byte[_length];
            Array.Copy(_buffer, 0, r, 0, _length);
            return r;
        }

        private void Ensure(int more)
        {
            int need = _length + more;
            if (need <= _buffer.Length) return;
            int size = _buffer.Length * 2;
            if (size < need) size = need;
            byte[] b = new byte[size];
            Array.Copy(_buffer, 0, b, 0, _length);
            _buffer = b;
        }

        /// <summary>Appends one byte.</summary>
        public void WriteByte(int value)
        {
            Ensure(1);
            _buffer[_length++] = (byte)value;
        }

        /// <summary>Appends a big-endian 16-bit value.</summary>
        public void WriteUInt16(int value)
        {
            Ensure(2);
            BigEndian.WriteUInt16(_buffer, _length, value);
            _length += 2;
        }

        /// <summary>Appends a big-endian 32-bit value.</summary>
        public void WriteUInt32(uint value)
        {
            Ensure(4);
            BigEndian.WriteUInt32(_buffer, _length, value);
            _length += 4;
        }

        /// <summary>Appends a big-endian 64-bit value.</summary>
        public void WriteUInt64(ulong value)
        {
            Ensure(8);
            BigEndian.WriteUInt64(_buffer, _length, value);
            _length += 8;
        }

        /// <summary>Appends <paramref name="count"/> bytes of <paramref name="source"/> from <paramref name="offset"/>.</summary>
        public void WriteBytes(byte[] source, int offset, int count)
        {
            if (count <= 0) return;
            Ensure(count);
            Array.Copy(source, offset, _buffer, _length, count);
            _length += count;
        }

        /// <summary>Appends a whole array (nothing for null).</summary>
        public void WriteBytes(byte[] source)
        {
            if (source != null) WriteBytes(source, 0, source.Length);
        }

        /// <summary>Appends a DLMS/BER length in <paramref name="width"/> bytes (0 or too small = minimal form).</summary>
        public void WriteLength(int length, int width)
        {
            int min = LengthEncoding.MinimalWidth(length);
            if (width < min) width = min;
            Ensure(width);
            _length = LengthEncoding.Write(_buffer, _length, length, width);
        }

        /// <summary>
        /// Inserts a length field at <paramref name="position"/> for the bytes written after it. DER encoders write
        /// the content first because its size is not known up front; this shifts it right to make room.
        /// </summary>
        public void InsertLength(int position, int width)
        {
            int contentLength = _length - position;
            int min = LengthEncoding.MinimalWidth(contentLength);
            if (width < min) width = min;
            Ensure(width);
            // Shift by hand from the end: overlapping Array.Copy is not documented on nanoFramework.
            for (int i = _length - 1; i >= position; i--) _buffer[i + width] = _buffer[i];
            LengthEncoding.Write(_buffer, position, contentLength, width);
            _length += width;
        }
    }
}

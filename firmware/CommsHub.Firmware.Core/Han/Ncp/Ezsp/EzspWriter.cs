using System;

namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>Little-endian field writer over a caller's buffer (EZSP sends every multi-byte field low byte first).</summary>
    public sealed class EzspWriter
    {
        private readonly byte[] _buffer;
        private int _position;

        /// <summary>Writes into <paramref name="buffer"/> from its start.</summary>
        public EzspWriter(byte[] buffer)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            _buffer = buffer;
        }

        /// <summary>The buffer written to.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Bytes written so far.</summary>
        public int Length { get { return _position; } }

        /// <summary>Starts again from the buffer's first byte.</summary>
        public void Clear() { _position = 0; }

        /// <summary>One byte.</summary>
        public void U8(int value)
        {
            Room(1);
            _buffer[_position++] = (byte)value;
        }

        /// <summary>Two bytes, low first.</summary>
        public void U16(int value)
        {
            Room(2);
            _buffer[_position++] = (byte)value;
            _buffer[_position++] = (byte)(value >> 8);
        }

        /// <summary>Four bytes, low first.</summary>
        public void U32(uint value)
        {
            Room(4);
            for (int i = 0; i < 4; i++) _buffer[_position++] = (byte)(value >> (8 * i));
        }

        /// <summary>An EUI-64, low byte first as EZSP carries it.</summary>
        public void Eui64(ulong value)
        {
            Room(8);
            for (int i = 0; i < 8; i++) _buffer[_position++] = (byte)(value >> (8 * i));
        }

        /// <summary>Raw bytes (keys, message contents).</summary>
        public void Bytes(byte[] source, int offset, int count)
        {
            Room(count);
            Array.Copy(source, offset, _buffer, _position, count);
            _position += count;
        }

        private void Room(int count)
        {
            if (_buffer.Length - _position < count) throw new ArgumentException("EZSP frame does not fit its buffer");
        }
    }
}

using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Asn1
{
    /// <summary>
    /// Minimal DER writer. SEQUENCE content is written first and its length inserted at <see cref="EndSequence"/>
    /// (sizes are not known up front); integers use the minimal two's-complement form DER requires.
    /// </summary>
    public sealed class DerWriter
    {
        private const int MaxDepth = 8;
        private readonly ByteWriter _w;
        private readonly int[] _open = new int[MaxDepth];
        private int _depth;

        /// <summary>Writes into <paramref name="w"/>.</summary>
        public DerWriter(ByteWriter w)
        {
            if (w == null) throw new ArgumentNullException("w");
            _w = w;
        }

        /// <summary>The underlying writer.</summary>
        public ByteWriter Output { get { return _w; } }

        /// <summary>Starts a SEQUENCE.</summary>
        public void BeginSequence()
        {
            if (_depth == MaxDepth) throw new InvalidOperationException("SEQUENCE nested too deep");
            _w.WriteByte(DerTag.Sequence);
            _open[_depth++] = _w.Length;
        }

        /// <summary>Ends the innermost SEQUENCE, inserting its length.</summary>
        public void EndSequence()
        {
            if (_depth == 0) throw new InvalidOperationException("no open SEQUENCE");
            _w.InsertLength(_open[--_depth], 0);
        }

        /// <summary>Writes an INTEGER.</summary>
        public void WriteInteger(long value)
        {
            WriteSigned(DerTag.Integer, value);
        }

        /// <summary>Writes an ENUMERATED.</summary>
        public void WriteEnumerated(long value)
        {
            WriteSigned(DerTag.Enumerated, value);
        }

        private void WriteSigned(int tag, long value)
        {
            // Minimal length: drop leading bytes while the next byte still carries the sign.
            int len = 8;
            while (len > 1)
            {
                int top = (int)((value >> (8 * (len - 1))) & 0xFF);
                int nextBit = (int)((value >> (8 * (len - 1) - 1)) & 1);
                if ((top == 0x00 && nextBit == 0) || (top == 0xFF && nextBit == 1)) len--;
                else break;
            }
            _w.WriteByte(tag);
            _w.WriteByte(len);
            for (int i = len - 1; i >= 0; i--) _w.WriteByte((int)(value >> (8 * i)));
        }

        /// <summary>Writes an OCTET STRING.</summary>
        public void WriteOctetString(byte[] value, int offset, int count)
        {
            _w.WriteByte(DerTag.OctetString);
            _w.WriteLength(count, 0);
            _w.WriteBytes(value, offset, count);
        }

        /// <summary>Writes an OCTET STRING.</summary>
        public void WriteOctetString(byte[] value)
        {
            WriteOctetString(value, 0, value.Length);
        }

        /// <summary>Writes an 8-byte OCTET STRING holding an EUI-64.</summary>
        public void WriteEui64(ulong eui)
        {
            WriteOctetString(Eui64.ToBytes(eui));
        }

        /// <summary>Writes a NULL.</summary>
        public void WriteNull()
        {
            _w.WriteByte(DerTag.Null);
            _w.WriteByte(0);
        }

        /// <summary>Writes a GeneralizedTime from its text (ASCII).</summary>
        public void WriteGeneralizedTime(string text)
        {
            _w.WriteByte(DerTag.GeneralizedTime);
            _w.WriteLength(text.Length, 0);
            for (int i = 0; i < text.Length; i++) _w.WriteByte(text[i]);
        }
    }
}

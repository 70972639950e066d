using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Asn1
{
    /// <summary>
    /// Minimal DER reader (definite lengths up to 3 bytes, primitive universal types, SEQUENCE) reading in place.
    /// A SEQUENCE is read by <see cref="ReadSequence"/>, which returns a reader limited to its content, so
    /// an inner length can never run past its container. Errors are <see cref="GbcsFormatException"/>s whose
    /// offsets are relative to the region this reader (or its parent sequence) covers.
    /// </summary>
    public sealed class DerReader
    {
        private readonly ByteReader _r;

        /// <summary>Reads the region <paramref name="offset"/>..+<paramref name="count"/> of <paramref name="buffer"/>.</summary>
        public DerReader(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new GbcsFormatException(GbcsErrorCode.Truncated, 0, "no input");
            _r = new ByteReader(buffer, offset, count);
        }

        /// <summary>The buffer read.</summary>
        public byte[] Buffer { get { return _r.Buffer; } }

        /// <summary>Bytes left in this reader's region.</summary>
        public int Remaining { get { return _r.Remaining; } }

        /// <summary>True when the region is consumed.</summary>
        public bool AtEnd { get { return _r.Remaining == 0; } }

        /// <summary>The next tag, not consumed (-1 at the end).</summary>
        public int PeekTag()
        {
            return _r.Remaining == 0 ? -1 : _r.Peek("tag");
        }

        // Reads tag and length; returns the absolute offset of the content and its length.
        private int Open(int tag, string what, out int length)
        {
            _r.ExpectTag(tag, what);
            int width;
            length = _r.ReadBoundedLength(what + " length", out width);
            return _r.Skip(length, what);
        }

        /// <summary>Reads a SEQUENCE header and returns a reader over its content; this reader moves past it.</summary>
        public DerReader ReadSequence(string what)
        {
            int len;
            int at = Open(DerTag.Sequence, what, out len);
            return new DerReader(_r.Buffer, at, len);
        }

        /// <summary>Reads an INTEGER of 1..8 bytes (two's complement).</summary>
        public long ReadInteger(string what)
        {
            return ReadSigned(DerTag.Integer, what);
        }

        /// <summary>
        /// Reads an INTEGER that must fit in 32 bits: the codes and types the models keep as int, which a narrowing
        /// cast would turn into another value (2^32 into 0, "success").
        /// </summary>
        public int ReadInt32(string what)
        {
            int rel = _r.RelativePosition;
            long v = ReadInteger(what);
            if (v < int.MinValue || v > int.MaxValue)
                throw new GbcsFormatException(GbcsErrorCode.BadField, rel, what + ": " + v.ToString() + " does not fit in 32 bits");
            return (int)v;
        }

        /// <summary>Reads an ENUMERATED of 1..8 bytes.</summary>
        public long ReadEnumerated(string what)
        {
            return ReadSigned(DerTag.Enumerated, what);
        }

        private long ReadSigned(int tag, string what)
        {
            int rel = _r.RelativePosition;
            int len;
            int at = Open(tag, what, out len);
            if (len < 1 || len > 8)
                throw new GbcsFormatException(GbcsErrorCode.BadLength, rel, what + ": integer of " + len.ToString() + " bytes");
            byte[] b = _r.Buffer;
            long v = (b[at] & 0x80) != 0 ? -1L : 0L;
            for (int i = 0; i < len; i++) v = (v << 8) | b[at + i];
            return v;
        }

        /// <summary>Reads an OCTET STRING; returns the absolute offset of its bytes.</summary>
        public int ReadOctetString(string what, out int length)
        {
            return Open(DerTag.OctetString, what, out length);
        }

        /// <summary>Reads an OCTET STRING that must be exactly <paramref name="length"/> bytes; returns its offset.</summary>
        public int ReadOctetString(string what, int length)
        {
            int rel = _r.RelativePosition;
            int len;
            int at = Open(DerTag.OctetString, what, out len);
            if (len != length)
                throw new GbcsFormatException(GbcsErrorCode.BadField, rel, what + ": expected " + length.ToString() + " bytes, found " + len.ToString());
            return at;
        }

        /// <summary>Reads a NULL.</summary>
        public void ReadNull(string what)
        {
            int rel = _r.RelativePosition;
            int len;
            Open(DerTag.Null, what, out len);
            if (len != 0) throw new GbcsFormatException(GbcsErrorCode.BadLength, rel, what + ": NULL with content");
        }

        /// <summary>Reads a GeneralizedTime as its text (e.g. "20150101000000Z"); only digits, 'Z', '.', '+', '-' are accepted.</summary>
        public string ReadGeneralizedTime(string what)
        {
            int rel = _r.RelativePosition;
            int len;
            int at = Open(DerTag.GeneralizedTime, what, out len);
            char[] c = new char[len];
            for (int i = 0; i < len; i++)
            {
                int b = _r.Buffer[at + i];
                if (!((b >= '0' && b <= '9') || b == 'Z' || b == '.' || b == '+' || b == '-'))
                    throw new GbcsFormatException(GbcsErrorCode.BadField, rel, what + ": not a GeneralizedTime");
                c[i] = (char)b;
            }
            return new string(c);
        }

        /// <summary>Fails unless the region is fully consumed.</summary>
        public void ExpectEnd(string what)
        {
            if (_r.Remaining != 0)
                throw new GbcsFormatException(GbcsErrorCode.TrailingBytes, _r.RelativePosition, _r.Remaining.ToString() + " bytes after the " + what);
        }
    }
}

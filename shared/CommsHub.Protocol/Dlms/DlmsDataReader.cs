using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// Decodes A-XDR data items in place through a <see cref="ByteReader"/>. Any malformed input ends in a
    /// <see cref="GbcsFormatException"/>: counts are checked against the bytes left before anything is allocated,
    /// and nesting is limited so that a hostile frame cannot exhaust a device's stack.
    /// </summary>
    public static class DlmsDataReader
    {
        /// <summary>Deepest nesting of arrays/structures accepted (GBCS payloads use at most 5).</summary>
        public const int MaxDepth = 12;

        /// <summary>Decodes the whole region as exactly one data item.</summary>
        public static DlmsData Read(byte[] buffer, int offset, int count)
        {
            ByteReader r = new ByteReader(buffer, offset, count);
            DlmsData d = Read(r);
            if (r.Remaining != 0)
                throw new GbcsFormatException(GbcsErrorCode.TrailingBytes, r.RelativePosition, "bytes after the data item");
            return d;
        }

        /// <summary>Decodes one tagged data item at the reader's position.</summary>
        public static DlmsData Read(ByteReader r)
        {
            return ReadTagged(r, 0);
        }

        private static DlmsData ReadTagged(ByteReader r, int depth)
        {
            int tagAt = r.Position;
            int rel = r.RelativePosition;
            int tag = r.ReadByte("data type tag");
            if (DlmsTypes.FixedSize(tag) == DlmsTypes.Unknown)
                throw new GbcsFormatException(GbcsErrorCode.Unsupported, rel, "DLMS data type 0x" + tag.ToString("X2") + " is not supported");
            DlmsData d = new DlmsData();
            d.Type = (DlmsType)tag;
            d.Buffer = r.Buffer;
            d.TagOffset = tagAt;
            if (tag == (int)DlmsType.Array || tag == (int)DlmsType.Structure)
            {
                CheckDepth(r, depth);
                int width;
                int n = ReadCount(r, "element count", out width);
                d.LengthWidth = width;
                d.Count = n;
                d.ValueOffset = r.Position;
                DlmsData[] children = new DlmsData[n];
                for (int i = 0; i < n; i++) children[i] = ReadTagged(r, depth + 1);
                d.Children = children;
                return d;
            }
            if (tag == (int)DlmsType.CompactArray)
            {
                CheckDepth(r, depth);
                ReadCompactArray(r, d, depth);
                return d;
            }
            ReadValue(r, d, tag);
            return d;
        }

        // Reads the value part of a non-constructed item (shared by tagged items and compact-array contents).
        private static void ReadValue(ByteReader r, DlmsData d, int tag)
        {
            int size = DlmsTypes.FixedSize(tag);
            if (size >= 0)
            {
                d.ValueOffset = r.Skip(size, "data value");
                d.ValueLength = size;
                if (DlmsTypes.IsInteger(tag)) d.Value = IntegerValue(r.Buffer, d.ValueOffset, size, DlmsTypes.IsSigned(tag));
                return;
            }
            int width;
            if (tag == (int)DlmsType.BitString)
            {
                int rel = r.RelativePosition;
                int bits = r.ReadLength("bit-string length", out width);
                int bytes = (bits + 7) / 8;
                if (bytes > r.Remaining)
                    throw new GbcsFormatException(GbcsErrorCode.Truncated, rel, "bit-string runs past the end of the input");
                d.Count = bits;
                d.LengthWidth = width;
                d.ValueLength = bytes;
                d.ValueOffset = r.Skip(bytes, "bit-string");
                return;
            }
            // octet-, visible-, utf8-string
            int len = r.ReadBoundedLength("string length", out width);
            d.Count = len;
            d.LengthWidth = width;
            d.ValueLength = len;
            d.ValueOffset = r.Skip(len, "string");
        }

        private static long IntegerValue(byte[] b, int offset, int size, bool signed)
        {
            long v = 0;
            for (int i = 0; i < size; i++) v = (v << 8) | b[offset + i];
            if (signed && size < 8 && (b[offset] & 0x80) != 0) v -= 1L << (8 * size);
            return v;
        }

        private static void ReadCompactArray(ByteReader r, DlmsData d, int depth)
        {
            d.TypeDescription = ReadDescription(r, depth + 1);
            int width;
            int rel = r.RelativePosition;
            int len = r.ReadBoundedLength("compact-array contents length", out width);
            d.LengthWidth = width;
            d.ValueOffset = r.Position;
            int end = r.Position + len;
            // Every description accepted below encodes in at least one byte, so each element makes progress.
            System.Collections.ArrayList items = new System.Collections.ArrayList();
            while (r.Position < end)
            {
                int before = r.Position;
                items.Add(ReadUntagged(r, d.TypeDescription, depth + 1));
                if (r.Position == before || r.Position > end)
                    throw new GbcsFormatException(GbcsErrorCode.BadLength, rel, "compact-array contents do not match their length");
            }
            DlmsData[] children = new DlmsData[items.Count];
            for (int i = 0; i < children.Length; i++) children[i] = (DlmsData)items[i];
            d.Children = children;
            d.Count = children.Length;
        }

        private static DlmsData ReadUntagged(ByteReader r, DlmsTypeDescription t, int depth)
        {
            CheckDepth(r, depth);
            DlmsData d = new DlmsData();
            d.Type = t.Type;
            d.Buffer = r.Buffer;
            d.ValueOffset = r.Position;
            if (t.Type == DlmsType.Structure)
            {
                DlmsData[] children = new DlmsData[t.Children.Length];
                for (int i = 0; i < children.Length; i++) children[i] = ReadUntagged(r, t.Children[i], depth + 1);
                d.Children = children;
                d.Count = children.Length;
                return d;
            }
            if (t.Type == DlmsType.Array)
            {
                if (t.ElementCount > r.Remaining)
                    throw new GbcsFormatException(GbcsErrorCode.Truncated, r.RelativePosition, "compact-array element runs past the end of the input");
                DlmsData[] children = new DlmsData[t.ElementCount];
                for (int i = 0; i < children.Length; i++) children[i] = ReadUntagged(r, t.Element, depth + 1);
                d.Children = children;
                d.Count = children.Length;
                return d;
            }
            ReadValue(r, d, (int)t.Type);
            return d;
        }

        private static DlmsTypeDescription ReadDescription(ByteReader r, int depth)
        {
            CheckDepth(r, depth);
            int rel = r.RelativePosition;
            int tag = r.ReadByte("type description");
            if (tag == (int)DlmsType.Structure)
            {
                int width;
                int n = ReadCount(r, "structure description count", out width);
                if (n == 0)
                    throw new GbcsFormatException(GbcsErrorCode.BadField, rel, "empty structure in a compact-array description");
                DlmsTypeDescription[] children = new DlmsTypeDescription[n];
                for (int i = 0; i < n; i++) children[i] = ReadDescription(r, depth + 1);
                DlmsTypeDescription s = DlmsTypeDescription.Structure(children);
                s.LengthWidth = width;
                return s;
            }
            if (tag == (int)DlmsType.Array)
            {
                int n = r.ReadUInt16("array description count");
                if (n == 0)
                    throw new GbcsFormatException(GbcsErrorCode.BadField, rel, "empty array in a compact-array description");
                // The count describes each row, not bytes of the description: an empty compact-array (a range that
                // selects no log rows) still describes 48-element columns. Rows are bounded where they are read.
                return DlmsTypeDescription.Array(n, ReadDescription(r, depth + 1));
            }
            int size = DlmsTypes.FixedSize(tag);
            // null would make zero-size elements; compact arrays cannot nest.
            if (size == DlmsTypes.Unknown || tag == (int)DlmsType.Null || tag == (int)DlmsType.CompactArray)
                throw new GbcsFormatException(GbcsErrorCode.Unsupported, rel, "type 0x" + tag.ToString("X2") + " in a compact-array description");
            return new DlmsTypeDescription((DlmsType)tag);
        }

        private static int ReadCount(ByteReader r, string what, out int width)
        {
            int rel = r.RelativePosition;
            int n = r.ReadLength(what, out width);
            // Each element takes at least one byte: reject lying counts before allocating an array for them.
            if (n > r.Remaining)
                throw new GbcsFormatException(GbcsErrorCode.Truncated, rel, what + " " + n.ToString() + " exceeds the input");
            return n;
        }

        private static void CheckDepth(ByteReader r, int depth)
        {
            if (depth > MaxDepth)
                throw new GbcsFormatException(GbcsErrorCode.Unsupported, r.RelativePosition, "data nested deeper than " + MaxDepth.ToString());
        }
    }
}

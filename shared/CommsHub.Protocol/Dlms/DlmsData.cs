using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// One A-XDR data item. Decoded items are views over the received buffer (<see cref="Buffer"/>,
    /// <see cref="ValueOffset"/>, <see cref="ValueLength"/>); built items own a small buffer with the same layout,
    /// so <see cref="DlmsDataWriter"/> treats both alike.
    /// </summary>
    public sealed partial class DlmsData
    {
        private static readonly DlmsData[] NoChildren = new DlmsData[0];

        /// <summary>The type tag.</summary>
        public DlmsType Type { get; internal set; }

        /// <summary>The buffer holding the value bytes.</summary>
        public byte[] Buffer { get; internal set; }

        /// <summary>Absolute offset of the tag in <see cref="Buffer"/>; -1 for built items and untagged compact-array elements.</summary>
        public int TagOffset { get; internal set; }

        /// <summary>Absolute offset of the value bytes (after tag and length) in <see cref="Buffer"/>.</summary>
        public int ValueOffset { get; internal set; }

        /// <summary>Number of value bytes (0 for null, arrays and structures: their bytes are in the children).</summary>
        public int ValueLength { get; internal set; }

        /// <summary>Element count of arrays, structures and compact arrays; bit count of bit-strings; byte count of strings.</summary>
        public int Count { get; internal set; }

        /// <summary>Width of the count/length field as received (0 = minimal), so re-encoding is byte-exact.</summary>
        public int LengthWidth { get; internal set; }

        /// <summary>Value of integer-valued types (signed types sign-extended; long64-unsigned as its bit pattern).</summary>
        public long Value { get; internal set; }

        /// <summary>Elements of arrays, structures and compact arrays (never null).</summary>
        public DlmsData[] Children { get; internal set; }

        /// <summary>Element type of a compact array, else null.</summary>
        public DlmsTypeDescription TypeDescription { get; internal set; }

        internal DlmsData()
        {
            Children = NoChildren;
            TagOffset = -1;
        }

        /// <summary>Child <paramref name="index"/>; fails with a typed error when absent.</summary>
        public DlmsData Child(int index)
        {
            if (index < 0 || index >= Children.Length)
                throw new GbcsFormatException(GbcsErrorCode.BadField, TagOffset < 0 ? 0 : TagOffset, "element " + index.ToString() + " missing");
            return Children[index];
        }

        /// <summary>Copies the value bytes (strings, raw fixed-size values).</summary>
        public byte[] ToBytes()
        {
            return BigEndian.Slice(Buffer, ValueOffset, ValueLength);
        }

        /// <summary>Value bytes as upper-case hex (diagnostics, JSON).</summary>
        public string ToHex()
        {
            return Hex.Encode(Buffer, ValueOffset, ValueLength);
        }

        /// <summary>The value as an unsigned 32-bit number (double-long-unsigned, long-unsigned, unsigned).</summary>
        public uint UInt32Value { get { return (uint)Value; } }

        /// <summary>True when the item is of <paramref name="type"/>.</summary>
        public bool Is(DlmsType type) { return Type == type; }

        // ---- validation for typed use-case models: a wrong shape is a format error, never an InvalidCast ----

        /// <summary>Fails unless the item is of <paramref name="type"/>. Error offsets are absolute in <see cref="Buffer"/>.</summary>
        public DlmsData Expect(DlmsType type, string what)
        {
            if (Type != type)
                throw new GbcsFormatException(GbcsErrorCode.UnexpectedTag, TagOffset < 0 ? 0 : TagOffset,
                    what + ": expected " + TypeName(type) + ", found " + TypeName(Type));
            return this;
        }

        /// <summary>Fails unless the item is a structure of exactly <paramref name="count"/> elements.</summary>
        public DlmsData ExpectStructure(int count, string what)
        {
            Expect(DlmsType.Structure, what);
            if (Children.Length != count)
                throw new GbcsFormatException(GbcsErrorCode.BadField, TagOffset < 0 ? 0 : TagOffset,
                    what + ": expected " + count.ToString() + " elements, found " + Children.Length.ToString());
            return this;
        }

        /// <summary>Fails unless the item is an octet-string of <paramref name="length"/> bytes (-1: any length).</summary>
        public DlmsData ExpectOctetString(int length, string what)
        {
            Expect(DlmsType.OctetString, what);
            if (length >= 0 && ValueLength != length)
                throw new GbcsFormatException(GbcsErrorCode.BadField, TagOffset < 0 ? 0 : TagOffset,
                    what + ": expected " + length.ToString() + " bytes, found " + ValueLength.ToString());
            return this;
        }

        /// <summary>Reads an 8-byte octet-string as an EUI-64.</summary>
        public ulong ExpectEui64(string what)
        {
            ExpectOctetString(8, what);
            return BigEndian.ReadUInt64(Buffer, ValueOffset);
        }

        /// <summary>Short type name for messages.</summary>
        public static string TypeName(DlmsType type)
        {
            return "0x" + ((int)type).ToString("X2");
        }
    }
}

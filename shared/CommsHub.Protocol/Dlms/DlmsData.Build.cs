using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    // Factories for building items to encode. Each built item owns a buffer laid out like a decoded one
    // (value bytes at ValueOffset), so the writer needs no second code path.
    public sealed partial class DlmsData
    {
        private static DlmsData Fixed(DlmsType type, long value, int size)
        {
            DlmsData d = new DlmsData();
            d.Type = type;
            d.Value = value;
            byte[] b = new byte[size];
            long v = value;
            for (int i = size - 1; i >= 0; i--)
            {
                b[i] = (byte)v;
                v >>= 8;
            }
            d.Buffer = b;
            d.ValueLength = size;
            return d;
        }

        /// <summary>null-data.</summary>
        public static DlmsData Null()
        {
            DlmsData d = new DlmsData();
            d.Type = DlmsType.Null;
            d.Buffer = new byte[0];
            return d;
        }

        /// <summary>boolean; true is written as FF as GBCS does.</summary>
        public static DlmsData Boolean(bool value) { return Fixed(DlmsType.Boolean, value ? 0xFF : 0, 1); }

        /// <summary>enum.</summary>
        public static DlmsData Enum(int value) { return Fixed(DlmsType.Enum, value & 0xFF, 1); }

        /// <summary>integer (signed 8-bit).</summary>
        public static DlmsData Integer(int value) { return Fixed(DlmsType.Integer, (sbyte)value, 1); }

        /// <summary>unsigned (8-bit).</summary>
        public static DlmsData Unsigned(int value) { return Fixed(DlmsType.Unsigned, value & 0xFF, 1); }

        /// <summary>long (signed 16-bit).</summary>
        public static DlmsData Long(int value) { return Fixed(DlmsType.Long, (short)value, 2); }

        /// <summary>long-unsigned (16-bit).</summary>
        public static DlmsData LongUnsigned(int value) { return Fixed(DlmsType.LongUnsigned, value & 0xFFFF, 2); }

        /// <summary>double-long (signed 32-bit).</summary>
        public static DlmsData DoubleLong(int value) { return Fixed(DlmsType.DoubleLong, value, 4); }

        /// <summary>double-long-unsigned (32-bit).</summary>
        public static DlmsData DoubleLongUnsigned(uint value) { return Fixed(DlmsType.DoubleLongUnsigned, value, 4); }

        /// <summary>long64 (signed 64-bit).</summary>
        public static DlmsData Long64(long value) { return Fixed(DlmsType.Long64, value, 8); }

        /// <summary>long64-unsigned (64-bit).</summary>
        public static DlmsData Long64Unsigned(ulong value) { return Fixed(DlmsType.Long64Unsigned, (long)value, 8); }

        /// <summary>A raw fixed-size value (float32/64, date, time, date-time type, bcd) from its bytes.</summary>
        public static DlmsData Raw(DlmsType type, byte[] value)
        {
            int size = DlmsTypes.FixedSize((int)type);
            if (size < 0 || value == null || value.Length != size) throw new ArgumentException("value does not fit the type");
            DlmsData d = new DlmsData();
            d.Type = type;
            d.Buffer = value;
            d.ValueLength = size;
            return d;
        }

        /// <summary>octet-string over a copy of <paramref name="value"/>.</summary>
        public static DlmsData OctetString(byte[] value)
        {
            return ByteString(DlmsType.OctetString, BigEndian.Slice(value, 0, value.Length));
        }

        /// <summary>octet-string holding an EUI-64 (8 bytes).</summary>
        public static DlmsData OctetString(ulong eui64)
        {
            return ByteString(DlmsType.OctetString, Eui64.ToBytes(eui64));
        }

        /// <summary>visible-string from ASCII text (characters above 0x7F are replaced by '?').</summary>
        public static DlmsData VisibleString(string text)
        {
            byte[] b = new byte[text.Length];
            for (int i = 0; i < b.Length; i++)
            {
                char c = text[i];
                b[i] = (byte)(c < 0x80 ? c : '?');
            }
            return ByteString(DlmsType.VisibleString, b);
        }

        /// <summary>A string item (octet-, visible- or utf8-string) that takes ownership of <paramref name="value"/>.</summary>
        public static DlmsData ByteString(DlmsType type, byte[] value)
        {
            if (!DlmsTypes.IsByteString((int)type)) throw new ArgumentException("not a string type");
            DlmsData d = new DlmsData();
            d.Type = type;
            d.Buffer = value;
            d.ValueLength = value.Length;
            d.Count = value.Length;
            return d;
        }

        /// <summary>bit-string of <paramref name="bitCount"/> bits held MSB-first in <paramref name="bits"/>.</summary>
        public static DlmsData BitString(byte[] bits, int bitCount)
        {
            if (bitCount < 0 || (bitCount + 7) / 8 != bits.Length) throw new ArgumentException("bit count does not match the bytes");
            DlmsData d = new DlmsData();
            d.Type = DlmsType.BitString;
            d.Buffer = BigEndian.Slice(bits, 0, bits.Length);
            d.ValueLength = bits.Length;
            d.Count = bitCount;
            return d;
        }

        /// <summary>structure of <paramref name="elements"/>.</summary>
        public static DlmsData Structure(DlmsData[] elements) { return Constructed(DlmsType.Structure, elements); }

        /// <summary>array of <paramref name="elements"/>.</summary>
        public static DlmsData Array(DlmsData[] elements) { return Constructed(DlmsType.Array, elements); }

        /// <summary>
        /// compact-array of <paramref name="elements"/> described by <paramref name="description"/>; elements are
        /// built like tagged ones (a structure element is a <see cref="Structure"/>), the writer drops their tags.
        /// </summary>
        public static DlmsData CompactArray(DlmsTypeDescription description, DlmsData[] elements)
        {
            DlmsData d = Constructed(DlmsType.CompactArray, elements);
            d.TypeDescription = description;
            return d;
        }

        private static DlmsData Constructed(DlmsType type, DlmsData[] elements)
        {
            DlmsData d = new DlmsData();
            d.Type = type;
            d.Buffer = new byte[0];
            d.Children = elements ?? NoChildren;
            d.Count = d.Children.Length;
            return d;
        }
    }
}

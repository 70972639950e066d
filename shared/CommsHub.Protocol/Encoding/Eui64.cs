using System;

namespace CommsHub.Protocol.Encoding
{
    /// <summary>
    /// EUI-64 helpers. GBCS system titles, Business Originator/Target IDs and ZigBee IEEE addresses are
    /// EUI-64s; on the wire they are 8 bytes, in contracts (topics, CLI, JSON) 16 upper-case hex digits.
    /// </summary>
    public static class Eui64
    {
        /// <summary>Length in bytes.</summary>
        public const int Length = 8;

        /// <summary>Reads an EUI-64 as an unsigned integer.</summary>
        public static ulong Read(byte[] b, int offset)
        {
            return BigEndian.ReadUInt64(b, offset);
        }

        /// <summary>Formats as 16 upper-case hex digits, the contract form.</summary>
        public static string ToText(ulong eui)
        {
            byte[] b = new byte[8];
            BigEndian.WriteUInt64(b, 0, eui);
            return Hex.Encode(b);
        }

        /// <summary>Formats 8 bytes at <paramref name="offset"/> as 16 upper-case hex digits.</summary>
        public static string ToText(byte[] b, int offset)
        {
            return Hex.Encode(b, offset, 8);
        }

        /// <summary>
        /// Parses 16 hex digits, accepting the DUIS form with '-' separators ("90-B3-D5-1F-30-01-00-00").
        /// </summary>
        /// <exception cref="FormatException">not exactly 8 bytes of hex.</exception>
        public static ulong Parse(string text)
        {
            byte[] b = Hex.Decode(text);
            if (b.Length != 8) throw new FormatException("an EUI-64 has 16 hex digits");
            return BigEndian.ReadUInt64(b, 0);
        }

        /// <summary>Returns the 8 wire bytes of an EUI-64.</summary>
        public static byte[] ToBytes(ulong eui)
        {
            byte[] b = new byte[8];
            BigEndian.WriteUInt64(b, 0, eui);
            return b;
        }
    }
}

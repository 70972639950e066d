namespace CommsHub.Protocol.Dlms
{
    /// <summary>Facts about <see cref="DlmsType"/> tags that the reader and writer share.</summary>
    public static class DlmsTypes
    {
        /// <summary>Length marker for types whose value starts with a length field.</summary>
        public const int Variable = -1;
        /// <summary>Marker for tags outside the supported subset.</summary>
        public const int Unknown = -2;

        /// <summary>
        /// Size in bytes of a fixed-size value, <see cref="Variable"/> for strings, arrays and structures,
        /// <see cref="Unknown"/> for tags this codec does not decode.
        /// </summary>
        public static int FixedSize(int tag)
        {
            switch (tag)
            {
                case 0x00: return 0;
                case 0x03: case 0x0D: case 0x0F: case 0x11: case 0x16: return 1;
                case 0x10: case 0x12: return 2;
                case 0x05: case 0x06: case 0x17: case 0x1B: return 4;
                case 0x1A: return 5;
                case 0x14: case 0x15: case 0x18: return 8;
                case 0x19: return 12;
                case 0x01: case 0x02: case 0x04: case 0x09: case 0x0A: case 0x0C: case 0x13: return Variable;
                default: return Unknown;
            }
        }

        /// <summary>True for the integer-valued types whose value <see cref="DlmsData.Value"/> holds.</summary>
        public static bool IsInteger(int tag)
        {
            switch (tag)
            {
                case 0x03: case 0x05: case 0x06: case 0x0D: case 0x0F: case 0x10: case 0x11: case 0x12:
                case 0x14: case 0x15: case 0x16:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>True for the signed integer types (their value is sign-extended).</summary>
        public static bool IsSigned(int tag)
        {
            return tag == 0x05 || tag == 0x0F || tag == 0x10 || tag == 0x14;
        }

        /// <summary>True for octet-, visible- and utf8-strings (length in bytes, then bytes).</summary>
        public static bool IsByteString(int tag)
        {
            return tag == 0x09 || tag == 0x0A || tag == 0x0C;
        }
    }
}

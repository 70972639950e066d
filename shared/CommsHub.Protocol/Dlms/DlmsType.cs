namespace CommsHub.Protocol.Dlms
{
    /// <summary>A-XDR data type tags (DLMS Blue Book "Data" CHOICE) that GBCS payloads use.</summary>
    public enum DlmsType
    {
        /// <summary>null-data (no value bytes).</summary>
        Null = 0x00,
        /// <summary>array: count, then tagged elements of one type.</summary>
        Array = 0x01,
        /// <summary>structure: count, then tagged elements.</summary>
        Structure = 0x02,
        /// <summary>boolean (1 byte, 00 false, any other true; GBCS writes FF).</summary>
        Boolean = 0x03,
        /// <summary>bit-string: length in bits, then the bytes, first bit in the MSB.</summary>
        BitString = 0x04,
        /// <summary>double-long: signed 32-bit.</summary>
        DoubleLong = 0x05,
        /// <summary>double-long-unsigned: unsigned 32-bit.</summary>
        DoubleLongUnsigned = 0x06,
        /// <summary>octet-string: length, then bytes (EUIs, OBIS codes, date-times, keys).</summary>
        OctetString = 0x09,
        /// <summary>visible-string: length, then ASCII.</summary>
        VisibleString = 0x0A,
        /// <summary>utf8-string: length, then UTF-8 (RTDS ECS61e, ECS200).</summary>
        Utf8String = 0x0C,
        /// <summary>bcd: 1 byte.</summary>
        Bcd = 0x0D,
        /// <summary>integer: signed 8-bit.</summary>
        Integer = 0x0F,
        /// <summary>long: signed 16-bit.</summary>
        Long = 0x10,
        /// <summary>unsigned: unsigned 8-bit.</summary>
        Unsigned = 0x11,
        /// <summary>long-unsigned: unsigned 16-bit.</summary>
        LongUnsigned = 0x12,
        /// <summary>compact-array: type description, contents length, untagged contents.</summary>
        CompactArray = 0x13,
        /// <summary>long64: signed 64-bit.</summary>
        Long64 = 0x14,
        /// <summary>long64-unsigned: unsigned 64-bit.</summary>
        Long64Unsigned = 0x15,
        /// <summary>enum: 1 byte.</summary>
        Enum = 0x16,
        /// <summary>float32: 4 bytes, kept raw.</summary>
        Float32 = 0x17,
        /// <summary>float64: 8 bytes, kept raw.</summary>
        Float64 = 0x18,
        /// <summary>date-time as its own type: 12 bytes, kept raw (GBCS sends date-times as octet-strings instead).</summary>
        DateTime = 0x19,
        /// <summary>date: 5 bytes, kept raw.</summary>
        Date = 0x1A,
        /// <summary>time: 4 bytes, kept raw.</summary>
        Time = 0x1B,
    }
}

namespace CommsHub.Cli.Readings;

/// <summary>
/// Reads the records of a ZCL Read Attributes Response payload (ZCL command 0x01): per attribute its id (2 bytes,
/// little-endian), a status, and on success a data type and the value. Only fixed-size types and the two
/// length-prefixed strings are known: a value of another type cannot be skipped, so it ends the parse.
/// </summary>
internal static class ZclReadAttributesResponse
{
    /// <summary>ZCL command id of Read Attributes Response.</summary>
    public const int CommandId = 0x01;

    private const int OctetString = 0x41;
    private const int CharacterString = 0x42;

    /// <summary>The records in <paramref name="payload"/>, in order.</summary>
    /// <exception cref="ReadingException">a record is cut short or holds a type whose size is unknown.</exception>
    public static IReadOnlyList<ZclAttributeRecord> Parse(byte[] payload, string useCase)
    {
        var records = new List<ZclAttributeRecord>();
        int at = 0;
        while (at < payload.Length)
        {
            Need(payload, at, 3, useCase, "attribute id and status");
            int id = payload[at] | payload[at + 1] << 8;
            int status = payload[at + 2];
            at += 3;
            if (status != ZclAttributeRecord.Success)
            {
                records.Add(new ZclAttributeRecord(id, status, 0, 0));
                continue;
            }
            Need(payload, at, 1, useCase, $"data type of attribute 0x{id:X4}");
            int type = payload[at++];
            int size = ValueSize(type, payload, at, useCase, id);
            Need(payload, at, size, useCase, $"value of attribute 0x{id:X4}");
            ulong value = 0;
            if (type is not (OctetString or CharacterString))
                for (int i = size - 1; i >= 0; i--) value = value << 8 | payload[at + i];
            records.Add(new ZclAttributeRecord(id, status, type, value));
            at += size;
        }
        return records;
    }

    // Bytes the value takes (a string's length byte included), from the ZCL data type table.
    private static int ValueSize(int type, byte[] payload, int at, string useCase, int id) => type switch
    {
        >= 0x08 and <= 0x0F => type - 0x07,       // data8 .. data64
        0x10 => 1,                                // boolean
        >= 0x18 and <= 0x1F => type - 0x17,       // bitmap8 .. bitmap64
        >= 0x20 and <= 0x27 => type - 0x1F,       // uint8 .. uint64
        >= 0x28 and <= 0x2F => type - 0x27,       // int8 .. int64
        0x30 => 1,                                // enum8
        0x31 => 2,                                // enum16
        0xE2 => 4,                                // UTC time
        OctetString or CharacterString when at < payload.Length => 1 + payload[at],
        OctetString or CharacterString => 1,      // the missing length byte is reported by the caller's Need
        _ => throw new ReadingException($"{useCase}: attribute 0x{id:X4} has ZCL data type 0x{type:X2}, which read-meter does not know"),
    };

    private static void Need(byte[] payload, int at, int count, string useCase, string what)
    {
        if (payload.Length - at < count)
            throw new ReadingException($"{useCase}: the Read Attributes Response ends before the {what}");
    }
}

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// The GSME's ZCL attributes at manufacture with the data types the ZigBee SE 1.4 clusters GBCS uses define
/// (Basic 0x0000, Prepayment 0x0705, Price 0x0700, Metering 0x0702). Values are neutral (zero, empty string);
/// a reader sees the attribute supported with its defined type until configuration writes a real value.
/// </summary>
public static class GsmeAttributeSeed
{
    private const int Basic = 0x0000, Price = 0x0700, Metering = 0x0702, Prepayment = 0x0705;

    // (cluster, attribute, ZCL data type). Types: 0x18/0x19 bitmap8/16, 0x20-0x25 uint8..uint48, 0x2B int32,
    // 0x30 enum8, 0x41/0x42 octet/character string.
    private static readonly (int Cluster, int Attribute, int Type)[] Table =
    [
        (Basic, 0x0003, 0x20), (Basic, 0x0004, 0x42), (Basic, 0x0005, 0x42),
        (Price, 0x0100, 0x25), (Price, 0x0101, 0x25), (Price, 0x0102, 0x25), (Price, 0x0202, 0x22), (Price, 0x0203, 0x22),
        (Price, 0x0301, 0x23), (Price, 0x0302, 0x23), (Price, 0x0303, 0x18), (Price, 0x0304, 0x23), (Price, 0x0305, 0x30),
        (Price, 0x0306, 0x18), (Price, 0x0400, 0x23), (Price, 0x0401, 0x23), (Price, 0x0402, 0x23), (Price, 0x0403, 0x23),
        (Price, 0x0410, 0x23), (Price, 0x0420, 0x23), (Price, 0x0430, 0x23), (Price, 0x0440, 0x23), (Price, 0x0615, 0x30),
        (Price, 0x0616, 0x21), (Price, 0x0617, 0x18),
        (Metering, 0x0014, 0x30), (Metering, 0x0205, 0x21), (Metering, 0x0307, 0x41), (Metering, 0x0607, 0x30),
        (Metering, 0x0608, 0x30), (Metering, 0x0A00, 0x23), (Metering, 0x0B10, 0x21), (Metering, 0x0B11, 0x30),
        (Metering, 0x0B12, 0x21), (Metering, 0x0B13, 0x21), (Metering, 0x0B14, 0x20), (Metering, 0x0B15, 0x21),
        (Prepayment, 0x0000, 0x19), (Prepayment, 0x0001, 0x2B), (Prepayment, 0x0006, 0x2B), (Prepayment, 0x0010, 0x23),
        (Prepayment, 0x0011, 0x23), (Prepayment, 0x0021, 0x23), (Prepayment, 0x0022, 0x23), (Prepayment, 0x0031, 0x23),
        (Prepayment, 0x0040, 0x2B), (Prepayment, 0x0216, 0x30), (Prepayment, 0x0217, 0x23), (Prepayment, 0x0226, 0x30),
        (Prepayment, 0x0227, 0x23), (Prepayment, 0x0239, 0x21),
    ];

    /// <summary>A store holding every attribute of <see cref="Table"/> at its neutral value.</summary>
    public static ZclAttributeStore New()
    {
        var store = new ZclAttributeStore();
        foreach (var (cluster, attribute, type) in Table) store.Seed(cluster, attribute, type, Neutral(type));
        return store;
    }

    // Zero of a fixed-size type; a string type is its empty value (length byte 0).
    private static byte[] Neutral(int type) => type is 0x41 or 0x42 ? [0] : new byte[ZclTypes.Size(type, [], 0, 0)];
}

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
        (Metering, 0x0000, 0x25), (Metering, 0x0100, 0x25), (Metering, 0x0102, 0x25), (Metering, 0x0104, 0x25),
        (Metering, 0x0106, 0x25), (Metering, 0x0300, 0x30), (Metering, 0x0301, 0x22), (Metering, 0x0302, 0x22),
        (Metering, 0x0700, 0x25), (Metering, 0x0701, 0x25), (Metering, 0x0702, 0x25), (Metering, 0x0703, 0x25),
        (Metering, 0x0014, 0x30), (Metering, 0x0205, 0x21), (Metering, 0x0307, 0x41), (Metering, 0x0607, 0x30),
        (Metering, 0x0608, 0x30), (Metering, 0x0A00, 0x23), (Metering, 0x0B10, 0x21), (Metering, 0x0B11, 0x30),
        (Metering, 0x0B12, 0x21), (Metering, 0x0B13, 0x21), (Metering, 0x0B14, 0x20), (Metering, 0x0B15, 0x21),
        (Prepayment, 0x0000, 0x19), (Prepayment, 0x0001, 0x2B), (Prepayment, 0x0002, 0x2B), (Prepayment, 0x0005, 0x2B),
        (Prepayment, 0x0006, 0x2B), (Prepayment, 0x0211, 0x23), (Prepayment, 0x0221, 0x23), (Prepayment, 0x0231, 0x23), (Prepayment, 0x0010, 0x23),
        (Prepayment, 0x0011, 0x23), (Prepayment, 0x0021, 0x23), (Prepayment, 0x0022, 0x23), (Prepayment, 0x0031, 0x23),
        (Prepayment, 0x0040, 0x2B), (Prepayment, 0x0216, 0x30), (Prepayment, 0x0217, 0x23), (Prepayment, 0x0226, 0x30),
        (Prepayment, 0x0227, 0x23), (Prepayment, 0x0239, 0x21),
    ];

    // Events the GSME records (GBCS event codes) and where: 0x01 event log, 0x02 security log, 0x08 alert to the WAN,
    // 0x10 to the HAN. Command outcomes are logged; integrity and authorisation failures logged and alerted.
    private static readonly (int EventId, int Config)[] EventConfigurationTable =
    [
        (0x8154, 0x01), (0x8155, 0x01), (0x8F1E, 0x0A), (0x8F30, 0x0A), (0x8F3D, 0x0A), (0x8F43, 0x09), (0x8F72, 0x09),
    ];

    /// <summary>A store holding every attribute of <see cref="Table"/> at its neutral value.</summary>
    public static ZclAttributeStore New()
    {
        var store = new ZclAttributeStore();
        foreach (var (cluster, attribute, type) in Table) store.Seed(cluster, attribute, type, Neutral(type));
        // Monthly billing (duration 1, type 0x22: months, with the period starting at midnight), from 2015-01-01.
        store.BillingPeriod = [0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x4A, 0x37, 0x1C, 0x01, 0x00, 0x00, 0x22, 0x00];
        foreach (var (eventId, config) in EventConfigurationTable) store.EventConfiguration[eventId] = config;
        return store;
    }

    // Zero of a fixed-size type; a string type is its empty value (length byte 0).
    private static byte[] Neutral(int type) => type is 0x41 or 0x42 ? [0] : new byte[ZclTypes.Size(type, [], 0, 0)];
}

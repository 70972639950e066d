namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>Sizes of ZCL data types (ZCL spec table 2-10) as GBCS uses them.</summary>
public static class ZclTypes
{
    /// <summary>Encoded size of a value of <paramref name="type"/> at <paramref name="p"/>, or -1 when unknown or cut short.</summary>
    public static int Size(int type, byte[] b, int p, int end) => type switch
    {
        0x08 or 0x10 or 0x18 or 0x20 or 0x28 or 0x30 => 1,
        0x09 or 0x19 or 0x21 or 0x29 or 0x31 or 0xE8 or 0xE9 => 2,
        0x0A or 0x1A or 0x22 or 0x2A => 3,
        0x0B or 0x1B or 0x23 or 0x2B or 0x39 or 0xE0 or 0xE1 or 0xE2 => 4,
        0x24 or 0x2C => 5,
        0x25 or 0x2D => 6,
        0x26 or 0x2E => 7,
        0x27 or 0x2F or 0xF0 => 8,
        0x41 or 0x42 => p < end ? 1 + b[p] : -1,
        0x43 or 0x44 => p + 1 < end ? 2 + (b[p] | b[p + 1] << 8) : -1,
        _ => -1,
    };
}

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>One ZCL attribute value: its ZCL data type and its value bytes as they travel (little-endian, strings with their length).</summary>
/// <param name="DataType">ZCL data type id.</param>
/// <param name="Value">Encoded value.</param>
public sealed record ZclValue(int DataType, byte[] Value);

/// <summary>
/// The GSME's ZCL state: one value per (cluster, attribute). A read returns it (absent: unsupported attribute), a
/// write replaces it when the data type matches (absent: the attribute is created).
/// </summary>
public sealed class ZclAttributeStore
{
    /// <summary>ZCL status SUCCESS.</summary>
    public const int Success = 0x00;

    /// <summary>ZCL status UNSUPPORTED_ATTRIBUTE.</summary>
    public const int UnsupportedAttribute = 0x86;

    /// <summary>ZCL status INVALID_DATA_TYPE.</summary>
    public const int InvalidDataType = 0x8D;

    private readonly Dictionary<(int Cluster, int Attribute), ZclValue> _values = [];

    /// <summary>Sets a value directly (seeding, tests).</summary>
    public void Seed(int cluster, int attribute, int dataType, byte[] value) => _values[(cluster, attribute)] = new ZclValue(dataType, value);

    /// <summary>The held value or null.</summary>
    public ZclValue? Read(int cluster, int attribute) => _values.GetValueOrDefault((cluster, attribute));

    /// <summary>Writes a value: <see cref="InvalidDataType"/> when a held value has another type.</summary>
    public int Write(int cluster, int attribute, ZclValue value)
    {
        if (_values.TryGetValue((cluster, attribute), out var current) && current.DataType != value.DataType) return InvalidDataType;
        _values[(cluster, attribute)] = value;
        return Success;
    }
}

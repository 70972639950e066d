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

    /// <summary>
    /// Attribute values the store holds at most. A write to an attribute the seed does not hold creates it (the seed
    /// lists the types GBCS reads, not every attribute a configuration writes), but a device's attribute set is finite:
    /// a write that would add a value beyond this many is answered <see cref="UnsupportedAttribute"/>, as for an
    /// attribute the device does not have, so no sender can grow the meter without bound.
    /// </summary>
    public const int MaxValues = 4096;

    private readonly Dictionary<(int Cluster, int Attribute), ZclValue> _values = [];
    private int _lastSampleId;

    /// <summary>An empty store.</summary>
    public ZclAttributeStore() => Tariff = new ZclTariff(this);

    /// <summary>
    /// The billing period the meter holds, as a Price PublishBillingPeriod payload: provider id, issuer event id,
    /// start time (4 bytes each, little-endian), duration (uint24), duration type (enum8), tariff type (bitmap8).
    /// </summary>
    public byte[] BillingPeriod { get; set; } = new byte[4 + 4 + 4 + 3 + 1 + 1];

    /// <summary>
    /// Device Management event configuration: for each event the meter can record, the bitmap8 saying where it is
    /// logged and whether it is alerted (SE 1.4 Set/Get Event Configuration), by event id.
    /// </summary>
    public SortedDictionary<int, int> EventConfiguration { get; } = [];

    /// <summary>The meter's General and Security event logs (CS10a/b read them, CS11 clears the General one).</summary>
    public ZclEventLog EventLog { get; } = new();

    /// <summary>The meter's sampled consumption: the half-hourly profile and StartSampling sessions (GCS17/18 read them).</summary>
    public ZclSampling Sampling { get; } = new();

    /// <summary>The tariff and friendly credit calendars the meter was sent (GCS01a, GCS05; GCS21b/f read them).</summary>
    public ZclCalendars Calendars { get; } = new();

    /// <summary>The tariff the meter was sent (GCS01a/b): it writes the Price attributes and answers Get Current Price.</summary>
    public ZclTariff Tariff { get; }

    /// <summary>The meter's daily read logs, Metering and Prepayment snapshots (GCS16a/b read them).</summary>
    public ZclSnapshots Snapshots { get; } = new();

    /// <summary>The top-ups the meter applied (GCS15e reads them).</summary>
    public ZclTopUpLog TopUps { get; } = new();

    /// <summary>The meter's clock, which stamps what its logs record (default the host's UTC clock).</summary>
    public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

    /// <summary>A fresh sample id for a Metering StartSampling (1, 2, ..., past the ids of kept logs; SE 1.4 reserves 0xFFFF for "not started").</summary>
    public int NextSampleId()
    {
        do _lastSampleId = _lastSampleId % 0xFFFE + 1;
        while (Sampling.IsLog(_lastSampleId));
        return _lastSampleId;
    }

    /// <summary>Sets a value directly (seeding, tests).</summary>
    public void Seed(int cluster, int attribute, int dataType, byte[] value) => _values[(cluster, attribute)] = new ZclValue(dataType, value);

    /// <summary>The held value or null.</summary>
    public ZclValue? Read(int cluster, int attribute) => _values.GetValueOrDefault((cluster, attribute));

    /// <summary>
    /// Writes a value: <see cref="InvalidDataType"/> when a held value has another type, <see cref="UnsupportedAttribute"/>
    /// for a new attribute once <see cref="MaxValues"/> are held.
    /// </summary>
    public int Write(int cluster, int attribute, ZclValue value)
    {
        bool held = _values.TryGetValue((cluster, attribute), out var current);
        if (held && current!.DataType != value.DataType) return InvalidDataType;
        if (!held && _values.Count >= MaxValues) return UnsupportedAttribute;
        _values[(cluster, attribute)] = value;
        return Success;
    }
}

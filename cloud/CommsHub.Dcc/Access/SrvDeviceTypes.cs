using System.Collections.Frozen;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Access;

/// <summary>
/// Which device types each SRV may address (E11, "Service Reference not compatible with the specified device").
/// </summary>
/// <remarks>
/// Derived from the GBCS use cases behind each SRV (SEC-DCC.md §3: ECS = ESME, GCS = GSME or its GPF mirror,
/// CCS and DBCH = CHF, CS = common to several types) and checked against the device each RTDS DUIS template targets
/// (ESME ...A0, GSME ...A1, CHF ...A2, GPF ...A3, PPMID ...A4, HCALCS ...A5). SRVs not listed (schedules, 8.2, 8.4,
/// 8.3, 8.13, 12.x) take any device type: they are about the inventory entry, not a command the device must understand.
/// Type 2 devices hold no credentials and run no commands, so no command SRV addresses them.
/// </remarks>
public static class SrvDeviceTypes
{
    private const string Meters = "ESME GSME";
    private const string Secured = "ESME GSME CHF GPF PPMID HCALCS"; // every type with trust anchors (CS02 credentials)

    private static readonly (string Srvs, string Types)[] Rows =
    [
        ("1.1.2 1.2.2 1.7 4.1.3 4.2 4.6.2 4.8.2 4.8.3 4.11.2 4.12.1 4.12.2 4.15 4.16 6.2.1 6.2.2 6.2.5 6.4.1 6.4.2 6.5 6.12 "
         + "6.14.1 6.14.2 6.18.1 6.18.2 6.20.2 6.25 6.26 6.27 7.1 7.5 7.6 7.7 7.8 7.9 7.10 7.11 7.12 7.13 7.14 7.15 7.16", "ESME"),
        ("1.1.1 1.2.1 1.5 1.6 2.1 2.2 2.3 2.5 3.1 3.3 3.4 3.5 4.4.2 4.4.3 4.4.4 4.4.5 4.6.1 4.8.1 4.10 4.11.1 4.13 "
         + "6.2.3 6.2.7 6.2.9 6.2.10 6.8 6.11 6.20.1 6.22 6.23 7.2 7.3 7.4 8.1.1 9.1", Meters),
        // Gas reads answered from the GPF's mirror of the GSME: RTDS targets the GPF for these.
        ("3.2 4.1.1 4.1.2 4.3 4.14 4.17 4.18", Meters + " GPF"),
        ("4.1.4 14.1", "GSME GPF"),
        ("6.2.8 6.6 6.7", "GSME"),
        ("6.2.4 6.13", Meters + " CHF GPF"),
        ("6.14.3", "ESME HCALCS"),
        ("6.15.1 6.15.2 6.17 6.24.1 6.24.2 6.21 8.5", Secured),
        ("6.28 6.29 6.30 6.31 6.32 8.12.1 8.14.1 8.14.2 8.14.3 8.14.4", "CHF"),
        ("8.7.1 8.7.2 8.8.1 8.8.2", Meters + " PPMID HCALCS"),
        ("8.9", Secured),
        ("8.11", "CHF GPF"),
        ("8.12.2", "GPF"),
        ("11.1", "ESME GSME CHF HCALCS"),
        ("11.2", Secured),
        ("11.3", "ESME GSME CHF PPMID HCALCS"),
        ("11.4", "PPMID"),
    ];

    private static readonly FrozenDictionary<string, FrozenSet<DeviceType>> Table = Build();

    /// <summary>The device types <paramref name="srv"/> may address; null when any type will do.</summary>
    public static IReadOnlySet<DeviceType>? For(string srv) => Table.GetValueOrDefault(srv);

    /// <summary>True when <paramref name="srv"/> may address a device of type <paramref name="type"/>.</summary>
    public static bool Allows(string srv, DeviceType type) => For(srv) is not { } types || types.Contains(type);

    private static FrozenDictionary<string, FrozenSet<DeviceType>> Build()
    {
        var table = new Dictionary<string, FrozenSet<DeviceType>>(StringComparer.Ordinal);
        foreach (var (srvs, types) in Rows)
        {
            var set = types.Split(' ').Select(Parse).ToFrozenSet();
            foreach (var srv in srvs.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!table.TryAdd(srv, set)) throw new InvalidOperationException($"SRV {srv} listed twice in the device-type table");
            }
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static DeviceType Parse(string name) => name switch
    {
        "ESME" => DeviceType.Esme,
        "GSME" => DeviceType.Gsme,
        "CHF" => DeviceType.Chf,
        "GPF" => DeviceType.Gpf,
        "PPMID" => DeviceType.Ppmid,
        "HCALCS" => DeviceType.Hcalcs,
        "TYPE2" => DeviceType.Type2,
        _ => throw new InvalidOperationException($"unknown device type '{name}'"),
    };
}

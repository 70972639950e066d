using CommsHub.Dcc.Access;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// What the adapter knows beyond the request itself, supplied by the caller (inventory, access control, counters).
/// </summary>
public sealed record TransformContext
{
    /// <summary>
    /// The originator counter the ACB allocates for a command it originates (CHF, PPMID/HCALCS commands, 8.5, 6.21), also
    /// used for the TransCoS's (6.23). Commands the user originates use the DUIS RequestID counter instead, as in RTDS;
    /// this value is then not used.
    /// </summary>
    public required ulong AcbOriginatorCounter { get; init; }

    /// <summary>Device types and CHF device log records (the Smart Metering Inventory as the transform sees it).</summary>
    public required IDeviceInventory Inventory { get; init; }

    /// <summary>The user's role, as access control established it (ECS35f vs ECS35g depend on it). Null when unknown.</summary>
    public UserRole? UserRole { get; init; }

    /// <summary>The comms hub (CHF EUI) the target hangs off, when known; a target equal to it is the CHF.</summary>
    public ulong? CommsHub { get; init; }

    /// <summary>
    /// Which use case 8.9 Read Device Log becomes on a CHF: CCS06 (0x010F, the default) or the older CCS05/CCS04
    /// (0x0004) for hubs that predate CCS06. The DUIS request is the same for both; RTDS has one command of each.
    /// </summary>
    public bool UseLegacyChfDeviceLogRead { get; init; }

    /// <summary>The device certificates the DCC holds (a Method C join carries the other device's); null when none are.</summary>
    public IDeviceCertificates? Certificates { get; init; }

    /// <summary>The adapter's clock (UTC); GCS32's issuer event id is the current time.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The type of <paramref name="eui"/>: the CHF when it is <see cref="CommsHub"/>, else the inventory's answer.</summary>
    public DeviceType? DeviceTypeOf(ulong eui) =>
        CommsHub == eui ? DeviceType.Chf : Inventory.DeviceTypeOf(eui);
}

using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// The ESME variant (SMETS2 single element, twin element, polyphase), as the Smart Metering Inventory records the
/// device model: 4.10 Read Network Data is ECS23 on a single element ESME and ECS23b on a polyphase one; 1.6 Update
/// Payment Mode configures the secondary element's charge on a twin element ESME; 6.x voltage configuration is per
/// phase on a polyphase ESME (ECS26k, ECS29f).
/// </summary>
public enum EsmeVariant
{
    /// <summary>Single element (single-phase) ESME.</summary>
    SingleElement,
    /// <summary>Twin element ESME (primary and secondary element).</summary>
    TwinElement,
    /// <summary>Polyphase ESME.</summary>
    Polyphase,
}

/// <summary>
/// What the DCC knows of a device's model that decides between GBCS use cases whose DUIS request is the same. One
/// record for every device type; fields that do not apply to a device type are ignored for it.
/// </summary>
/// <param name="Variant">For an ESME: single element, twin element or polyphase.</param>
/// <param name="OlderGbcsVersion">
/// The device predates the GBCS versions that added the newer use case of a pair, so it takes the older one: ESME
/// ECS26d/e/i and ECS30 instead of ECS26l/m/n and ECS30a; GSME GCS21d, GCS21e, GCS60 instead of GCS21k, GCS21m, GCS60a.
/// </param>
/// <param name="UsesEcs08a">
/// The ESME takes 2.1 Update Prepay Configuration as ECS08a (0x00DE, the maximum meter balance set as a passive value
/// activated with the rest) rather than ECS08 (0x001F). Off unless the inventory says so, as the CLI without --ecs08a.
/// </param>
public sealed record DeviceProfile(EsmeVariant Variant = EsmeVariant.SingleElement, bool OlderGbcsVersion = false, bool UsesEcs08a = false)
{
    /// <summary>
    /// The one rule when the inventory records no profile for a device: a current (newest GBCS version) single element
    /// device taking ECS08. This keeps the pipeline answering for meters registered without a model; a request whose
    /// use case depends on another model needs that model recorded.
    /// </summary>
    public static DeviceProfile Default { get; } = new();

    /// <summary>The profile of <paramref name="eui"/> from the context's inventory, else <see cref="Default"/>.</summary>
    public static DeviceProfile Of(TransformContext context, ulong eui) =>
        (context.Inventory as IDeviceProfiles)?.ProfileOf(eui) ?? Default;

    /// <summary>
    /// The one of <paramref name="candidates"/> (GBCS use cases for the same request, oldest first) this device takes:
    /// the oldest for an <see cref="OlderGbcsVersion"/> device, else the newest.
    /// </summary>
    public string UseCaseOf(IReadOnlyList<string> candidates) => OlderGbcsVersion ? candidates[0] : candidates[^1];
}

/// <summary>An inventory that records device models (<see cref="DeviceProfile"/>).</summary>
public interface IDeviceProfiles
{
    /// <summary>The recorded profile of <paramref name="eui"/>, or null when none is (then <see cref="DeviceProfile.Default"/> applies).</summary>
    DeviceProfile? ProfileOf(ulong eui);
}

/// <summary>
/// The DCC's record of each meter's Customer Identification Number (the CIN the DCC allocates, which 9.1 Request
/// Customer Identification Number sends to the meter: ECS50 on an ESME, GCS36 on a GSME).
/// </summary>
public interface ICustomerIdentificationNumbers
{
    /// <summary>The CIN held for <paramref name="device"/> (digits, as the meter displays them), or null when none is.</summary>
    string? CustomerIdentificationNumberOf(ulong device);
}

/// <summary>
/// An <see cref="IDeviceInventory"/> that adds recorded profiles and CINs to another inventory (tests, the CLI). What it
/// does not record it asks the inner inventory, when that one records profiles or CINs.
/// </summary>
/// <param name="inner">Device types and device logs.</param>
public sealed class ProfiledDeviceInventory(IDeviceInventory inner) : IDeviceInventory, IDeviceProfiles, ICustomerIdentificationNumbers, IGpfDeviceLogs
{
    private readonly Dictionary<ulong, DeviceProfile> _profiles = new();
    private readonly Dictionary<ulong, string> _cins = new();

    /// <summary>Records the profile of <paramref name="eui"/>.</summary>
    public ProfiledDeviceInventory AddProfile(ulong eui, DeviceProfile profile)
    {
        _profiles[eui] = profile;
        return this;
    }

    /// <summary>Records the CIN of <paramref name="eui"/>.</summary>
    public ProfiledDeviceInventory AddCin(ulong eui, string cin)
    {
        _cins[eui] = cin;
        return this;
    }

    /// <inheritdoc />
    public DeviceType? DeviceTypeOf(ulong eui) => inner.DeviceTypeOf(eui);

    /// <inheritdoc />
    public ChfDeviceLogRecord? DeviceLogOf(ulong chf) => inner.DeviceLogOf(chf);

    /// <inheritdoc />
    public IReadOnlyList<GpfDeviceLogEntry>? GpfDeviceLogOf(ulong gpf) => (inner as IGpfDeviceLogs)?.GpfDeviceLogOf(gpf);

    /// <inheritdoc />
    public DeviceProfile? ProfileOf(ulong eui) =>
        _profiles.TryGetValue(eui, out var p) ? p : (inner as IDeviceProfiles)?.ProfileOf(eui);

    /// <inheritdoc />
    public string? CustomerIdentificationNumberOf(ulong device) =>
        _cins.TryGetValue(device, out var c) ? c : (inner as ICustomerIdentificationNumbers)?.CustomerIdentificationNumberOf(device);
}

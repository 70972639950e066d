using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// The ESME variant (SMETS2 single element, twin element, polyphase): some DUIS requests are the same for every
/// variant but GBCS defines a different use case or payload per variant (4.10 Read Network Data is ECS23 on a
/// single-phase ESME and ECS23b on a polyphase one; 1.6 Update Payment Mode configures the secondary element's
/// charge on a twin element ESME). The DCC knows it from the Smart Metering Inventory (device model).
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

/// <summary>What the DCC knows of an ESME's model that changes the GBCS use case or payload of a request.</summary>
/// <param name="Variant">Single element, twin element or polyphase.</param>
/// <param name="UsesEcs08a">
/// True when the ESME takes 2.1 Update Prepay Configuration as ECS08a (0x00DE, the maximum meter balance set as a
/// passive value activated with the rest) rather than ECS08 (0x001F, the maximum meter balance's active value set
/// directly); the DUIS request is the same, the device's GBCS version decides.
/// </param>
public sealed record EsmeProfile(EsmeVariant Variant, bool UsesEcs08a = false);

/// <summary>An inventory that also knows ESME profiles (implemented next to <see cref="IDeviceInventory"/>).</summary>
public interface IEsmeVariantInventory
{
    /// <summary>The profile of the ESME <paramref name="eui"/>, or null when not known.</summary>
    EsmeProfile? EsmeProfileOf(ulong eui);
}

/// <summary>An <see cref="IDeviceInventory"/> that adds ESME variants to another inventory.</summary>
/// <param name="inner">Device types and device logs.</param>
public sealed class EsmeVariantInventory(IDeviceInventory inner) : IDeviceInventory, IEsmeVariantInventory
{
    private readonly Dictionary<ulong, EsmeProfile> _profiles = new();

    /// <summary>Records the profile of the ESME <paramref name="eui"/>.</summary>
    public EsmeVariantInventory Add(ulong eui, EsmeProfile profile)
    {
        _profiles[eui] = profile;
        return this;
    }

    /// <inheritdoc />
    public DeviceType? DeviceTypeOf(ulong eui) => inner.DeviceTypeOf(eui);

    /// <inheritdoc />
    public ChfDeviceLogRecord? DeviceLogOf(ulong chf) => inner.DeviceLogOf(chf);

    /// <inheritdoc />
    public EsmeProfile? EsmeProfileOf(ulong eui) => _profiles.TryGetValue(eui, out var p) ? p : null;
}

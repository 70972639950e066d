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

/// <summary>An inventory that also knows the ESME variant of a device (implemented next to <see cref="IDeviceInventory"/>).</summary>
public interface IEsmeVariantInventory
{
    /// <summary>The variant of the ESME <paramref name="eui"/>, or null when not known.</summary>
    EsmeVariant? EsmeVariantOf(ulong eui);
}

/// <summary>An <see cref="IDeviceInventory"/> that adds ESME variants to another inventory.</summary>
/// <param name="inner">Device types and device logs.</param>
public sealed class EsmeVariantInventory(IDeviceInventory inner) : IDeviceInventory, IEsmeVariantInventory
{
    private readonly Dictionary<ulong, EsmeVariant> _variants = new();

    /// <summary>Records the variant of the ESME <paramref name="eui"/>.</summary>
    public EsmeVariantInventory Add(ulong eui, EsmeVariant variant)
    {
        _variants[eui] = variant;
        return this;
    }

    /// <inheritdoc />
    public DeviceType? DeviceTypeOf(ulong eui) => inner.DeviceTypeOf(eui);

    /// <inheritdoc />
    public ChfDeviceLogRecord? DeviceLogOf(ulong chf) => inner.DeviceLogOf(chf);

    /// <inheritdoc />
    public EsmeVariant? EsmeVariantOf(ulong eui) => _variants.TryGetValue(eui, out var v) ? v : null;
}

namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>The ESME variant, as the Smart Metering Inventory records the device model.</summary>
public enum EsmeVariant
{
    /// <summary>Single-phase, single-element ESME.</summary>
    SinglePhase,
    /// <summary>Twin-element ESME (a second import MPAN; single-phase configuration reads).</summary>
    TwinElement,
    /// <summary>Polyphase ESME: voltage configuration per phase (ECS26k, ECS29b/d/f).</summary>
    PolyPhase,
}

/// <summary>
/// What decides between use cases whose DUIS request is the same: the ESME variant (ECS26b vs ECS26k, ECS29e vs
/// ECS29f) and whether the device predates the GBCS versions that added ECS26l/m/n and ECS30a (then ECS26d/e/i and
/// ECS30 apply). The DCC knows both from the device model in its inventory.
/// </summary>
/// <param name="Variant">Single-phase, twin-element or polyphase.</param>
/// <param name="LegacyConfigurationUseCases">The device takes the older configuration use cases (ECS26d/e/i, ECS30).</param>
public sealed record EsmeDeviceProfile(EsmeVariant Variant, bool LegacyConfigurationUseCases)
{
    /// <summary>What the transform assumes when the inventory says nothing: a current single-phase ESME.</summary>
    public static EsmeDeviceProfile Default { get; } = new(EsmeVariant.SinglePhase, false);

    /// <summary>The profile of <paramref name="eui"/> from an inventory that knows it, else <see cref="Default"/>.</summary>
    public static EsmeDeviceProfile Of(TransformContext context, ulong eui) =>
        (context.Inventory as IEsmeProfileInventory)?.EsmeProfileOf(eui) ?? Default;
}

/// <summary>An inventory that also records device models: the ESME variant and generation of a device.</summary>
public interface IEsmeProfileInventory : IDeviceInventory
{
    /// <summary>The profile of <paramref name="eui"/>, or null when the inventory does not record it.</summary>
    EsmeDeviceProfile? EsmeProfileOf(ulong eui);
}

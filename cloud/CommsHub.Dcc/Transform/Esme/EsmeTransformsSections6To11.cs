namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>
/// The ESME (and CHF identity) transforms of DUIS sections 6-11 built as DLMS access lists: configuration reads and
/// writes (6.x), supply and auxiliary load control (7.x), device commissioning's clock set (8.1.1).
/// </summary>
public static class EsmeTransformsSections6To11
{
    /// <summary>Every transform of this family, for <see cref="TransformRegistry.Default"/>.</summary>
    public static IReadOnlyList<IUseCaseTransform> All { get; } =
    [
        .. Ecs26ReadEsmeConfigurationTransforms.All(),
        .. Ecs28To62SetEsmeConfigurationTransforms.All(),
        .. Ecs45Ecs61ReadSupplyAndAuxiliaryLoadTransforms.All(),
        .. EsmeCriticalConfigurationTransforms.All(),
        .. Ecs46AuxiliaryControllerConfigurationTransforms.All(),
        Ecs50SendCinTransform.Create(),
    ];
}

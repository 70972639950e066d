namespace CommsHub.Dcc.Transforms.Esme;

/// <summary>The ESME transforms of DUIS sections 1-4 (tariffs and price, prepayment, configuration, reads).</summary>
public static class EsmeTransformsSections1To4
{
    /// <summary>Every transform of the list, for <see cref="TransformRegistry.Default"/>.</summary>
    public static IEnumerable<IUseCaseTransform> All =>
    [
        .. Ecs17To82AttributeReadTransforms.All(),
        .. Ecs17To66ProtectedReadTransforms.All(),
        .. Ecs20To23LogRangeReadTransforms.All(),
        .. Ecs10To16ConfigurationTransforms.All(),
        .. Ecs04To09PrepaymentTransforms.All(),
        .. Ecs02Ecs03PaymentModeTransforms.All(),
        .. Ecs08Ecs08aPrepayConfigurationTransforms.All(),
        .. Ecs01TariffAndPriceTransforms.All(),
    ];
}

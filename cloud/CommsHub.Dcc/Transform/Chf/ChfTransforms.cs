namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// The transforms for the pairs that are neither ESME (ECS) nor GSME (GCS) use cases: joins and unjoins (CS03/CS04),
/// the CHF's sub-GHz configuration (DBCH), prepayment top-up (CS01).
/// </summary>
public static class ChfTransforms
{
    /// <summary>Every transform of this family, for <see cref="TransformRegistry.Default"/>.</summary>
    public static IReadOnlyList<IUseCaseTransform> All { get; } =
    [
        Cs03JoinTransform.Critical(),
        Cs03JoinTransform.NonCritical(),
        Cs04UnjoinTransform.Critical(),
        Cs04UnjoinTransform.NonCritical(),
        .. DbchSubGhzTransforms.All(),
        Dbch04SetSubGhzConfiguration.Create(),
        .. Cs01TopUpTransforms.All(),
        .. Cs02SimpleCredentialTransforms.All(),
        new Cs02dUpdateDeviceCertificateTransform(),
    ];
}

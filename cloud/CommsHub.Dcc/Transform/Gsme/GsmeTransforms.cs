namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// Every GSME/GPF (ZigBee SE over GBZ) use case of this folder, for <see cref="TransformRegistry.Default"/>. The top
/// folder keeps GCS13a, GCS32 and GCS38.
/// </summary>
internal static class GsmeTransforms
{
    public static IReadOnlyList<IUseCaseTransform> All { get; } =
    [
        .. GsmeReads.All,
        .. GsmeLogReads.All,
        .. GsmeCommands.All,
        .. GsmePrepayment.All,
        .. GsmePrepayConfiguration.All,
        .. GsmeTariff.All,
        .. GsmeAlertBehaviour.All,
    ];
}

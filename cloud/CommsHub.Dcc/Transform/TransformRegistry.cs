using System.Collections.Frozen;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// Maps a request (Service Reference Variant, then body content and target device type) to the transform that turns it
/// into a GBCS use case.
/// </summary>
public sealed class TransformRegistry
{
    private readonly FrozenDictionary<string, IUseCaseTransform[]> _bySrv;

    /// <summary>Creates a registry over <paramref name="transforms"/> (asked in order within an SRV).</summary>
    public TransformRegistry(IEnumerable<IUseCaseTransform> transforms)
    {
        _bySrv = transforms.GroupBy(t => t.Srv, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        SupportedSrvs = _bySrv.Keys.Order(SrvComparer.Instance).ToArray();
    }

    /// <summary>Every transform this adapter has.</summary>
    public static TransformRegistry Default { get; } = new((IUseCaseTransform[])
    [
        new Ecs17bReadImportRegistersTransform(),
        new Gcs13aReadGsmeRegistersTransform(),
        new Cs11ClearEventLogTransform(),
        new Ecs15ClearEsmeEventLogTransform(),
        new Ecs35ReadChfLogTransform(),
        new Ecs35ReadEsmeLogTransform(),
        new Cs10ReadGsmeLogTransform(),
        Ecs42Ecs43SupplyTransform.EnableSupply(),
        Ecs42Ecs43SupplyTransform.DisableSupply(),
        new Gcs32DisableGsmeSupplyTransform(),
        new Ccs07ReadDeviceLogsTransform(),
        new Ccs06ReadDeviceLogTransform(),
        new Cs07ReadDeviceJoinDetailsTransform(),
        new Ccs01AddDeviceTransform(),
        new Ccs02RemoveDeviceTransform(),
        new Ccs03RestoreDeviceLogTransform(),
        new Gcs59RestoreGpfDeviceLogTransform(),
        new Ecs52ReadFirmwareVersionTransform(),
        new Gcs38ReadGsmeFirmwareVersionTransform(),
        new Cs08ReadPpmidFirmwareVersionTransform(),
        new Cs06ActivateFirmwareTransform(),
        .. Esme.EsmeTransformsSections1To4.All,
        .. Esme.EsmeTransformsSections6To11.All,
        .. Gsme.GsmeTransforms.All,
        Esme.Ecs25SetEsmeAlertBehaviourTransforms.Create(),
        Gsme.Gcs61ReadGpfDailyConsumptionLogTransform.Create(),
        .. Chf.ChfTransforms.All,
        .. Credentials.Cs02bUpdateSecurityCredentialsTransforms.All,
    ]);

    /// <summary>The supported Service Reference Variants, in DUIS numbering order.</summary>
    public IReadOnlyList<string> SupportedSrvs { get; }

    /// <summary>The transforms registered for <paramref name="srv"/> (empty when none).</summary>
    public IReadOnlyList<IUseCaseTransform> For(string srv) => _bySrv.GetValueOrDefault(srv) ?? [];

    /// <summary>True when some transform handles <paramref name="srv"/>.</summary>
    public bool Supports(string srv) => _bySrv.ContainsKey(srv);

    /// <summary>The <see cref="TransformError.UnsupportedService"/> error for <paramref name="srv"/>, listing what is supported.</summary>
    public DuisTransformException UnsupportedService(string srv) =>
        new(TransformError.UnsupportedService, $"SRV {srv} is not supported by the transform; supported: {Describe()}");

    /// <summary>"SRV (use cases)" for every supported SRV, for messages and help text.</summary>
    public string Describe() => string.Join(", ", SupportedSrvs.Select(s =>
        $"{s} ({string.Join("/", _bySrv[s].SelectMany(t => t.UseCases).Distinct())})"));

    /// <summary>Finds the plan for <paramref name="request"/>.</summary>
    /// <exception cref="DuisTransformException">unsupported SRV, unsupported combination, or bad body.</exception>
    public UseCasePlan Plan(DuisRequest request, TransformContext context)
    {
        var srv = request.Header.ServiceReferenceVariant;
        if (!_bySrv.TryGetValue(srv, out var transforms)) throw UnsupportedService(srv);
        foreach (var t in transforms)
        {
            if (t.Plan(request, context) is { } plan) return plan;
        }
        var type = context.DeviceTypeOf(request.Header.RequestId.Target);
        throw new DuisTransformException(TransformError.UnsupportedRequest,
            $"SRV {srv}: no transform for sr:{request.BodyName} to a {(type?.ToString() ?? "device of unknown type")} " +
            $"({RequestId.FormatEui(request.Header.RequestId.Target)}); {srv} is supported as {string.Join("/", transforms.SelectMany(t => t.UseCases).Distinct())}");
    }

    private sealed class SrvComparer : IComparer<string>
    {
        public static readonly SrvComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = int.TryParse(a[i], out var ai) && int.TryParse(b[i], out var bi) ? ai.CompareTo(bi) : string.CompareOrdinal(a[i], b[i]);
                if (c != 0) return c;
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}

using System.Text.RegularExpressions;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>A DUIS template and the RTDS file of the same variant name (COMMAND or PRECOMMAND).</summary>
public sealed record TemplatePair(string Template, string UseCase, string Srv, string Variant, string? RtdsFile)
{
    public override string ToString() => Path.GetFileName(Template);
}

/// <summary>The shared reference data, read in place (never copied into the repo).</summary>
internal static partial class TransformData
{
    public const string TemplatesFolder = "vectors/gbcs/duis/templates";

    /// <summary>The non-critical SRVs the transform supports (the "Must show" scope).</summary>
    public static readonly string[] NonCriticalSrvs = ["3.3", "4.1.1", "6.13", "8.9", "8.11", "8.12.1", "11.2"];

    /// <summary>The critical SRVs the transform supports (CV4 -> pre-command).</summary>
    public static readonly string[] CriticalSrvs = ["7.1", "7.2", "11.3"];

    public static readonly Lazy<DirectoryKeyStore> Keys = new(() => new DirectoryKeyStore(RtdsCorpus.KeystorePath));

    public static DuisTransformer Transformer() =>
        new(new NetGbcsCrypto(), Keys.Value, RtdsTestIdentities.AccessControlBroker);

    /// <summary>
    /// Every template of <paramref name="srvs"/>, named <c>UC_SRV[_VARIANT]_REQUEST_DUIS.XML</c>, with the RTDS file
    /// <c>SRV_UC/UC_SRV[_VARIANT]_{kind}_GBCS.HEX</c> when it exists.
    /// </summary>
    public static IReadOnlyList<TemplatePair> Pairs(string kind, params string[] srvs)
    {
        var list = new List<TemplatePair>();
        foreach (var path in Directory.EnumerateFiles(SharedData.PathOf(TemplatesFolder)).Order(StringComparer.Ordinal))
        {
            var m = TemplateName().Match(Path.GetFileName(path));
            if (!m.Success || !srvs.Contains(m.Groups["srv"].Value)) continue;
            var uc = m.Groups["uc"].Value;
            var srv = m.Groups["srv"].Value;
            var variant = m.Groups["variant"].Value;
            var rtds = $"{srv}_{uc}/{uc}_{srv}{variant}_{kind}_GBCS.HEX";
            var exists = File.Exists(SharedData.PathOf(Path.Combine(RtdsCorpus.MessagesFolder, rtds)));
            list.Add(new TemplatePair(path, uc, srv, variant, exists ? rtds : null));
        }
        return list;
    }

    /// <summary>Theory rows: the template file names that have an RTDS file of <paramref name="kind"/> (strings, so each row is its own test).</summary>
    public static IEnumerable<object[]> Rows(string kind, params string[] srvs)
    {
        if (!SharedData.Available) return [["(reference data absent)"]];
        return Pairs(kind, srvs).Where(p => p.RtdsFile is not null).Select(p => new object[] { p.ToString() });
    }

    /// <summary>The pair of a template file name.</summary>
    public static TemplatePair Pair(string template, string kind) =>
        Pairs(kind, NonCriticalSrvs.Concat(CriticalSrvs).ToArray()).Single(p => p.ToString() == template);

    public static DuisRequest Load(string path) => DuisRequestParser.Parse(SecureXml.Load(File.ReadAllBytes(path)));

    public static DuisRequest LoadTemplate(string name) => Load(SharedData.PathOf($"{TemplatesFolder}/{name}"));

    /// <summary>The context the adapter would have for RTDS: test identities, the RTDS counter, the user's role.</summary>
    public static TransformContext Context(DuisRequest request, ulong acbCounter, string? useCase = null) => new()
    {
        AcbOriginatorCounter = acbCounter,
        Inventory = RtdsTestIdentities.CreateInventory(),
        UserRole = RtdsTestIdentities.RoleOf(request.Header.RequestId.Originator),
        // RTDS's CCS05CCS04 and CCS06 templates are the same request: the hub generation decides (see TransformContext).
        UseLegacyChfDeviceLogRead = useCase == "CCS05CCS04",
        // RTDS's GCS32 issuer event id is 2015-01-01T00:00:00Z, the clock RTDS was generated with.
        Now = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    public static GbcsMessage Parse(byte[] b) => GbcsFrameParser.Parse(b);

    [GeneratedRegex(@"^(?<uc>[A-Za-z0-9]+)_(?<srv>\d+(\.\d+)*)(?<variant>(_[A-Z0-9_]+?)?)_REQUEST_DUIS\.XML$")]
    private static partial Regex TemplateName();
}

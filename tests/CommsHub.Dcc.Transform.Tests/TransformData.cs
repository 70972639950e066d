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
        new(new NetGbcsCrypto(), Keys.Value, RtdsTestIdentities.AccessControlBroker) { TransitionalCoS = RtdsTestIdentities.TransitionalCoS };

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

    /// <summary>A template with its RequestID's counter (the user's originator counter) replaced by <paramref name="counter"/>.</summary>
    public static DuisRequest LoadTemplate(string name, ulong counter)
    {
        var text = File.ReadAllText(SharedData.PathOf($"{TemplatesFolder}/{name}"));
        var replaced = RequestIdCounter().Replace(text, m => m.Groups["id"].Value + counter.ToString(System.Globalization.CultureInfo.InvariantCulture) + "<", 1);
        if (replaced == text && !text.Contains($":{counter}<", StringComparison.Ordinal))
            throw new InvalidOperationException($"{name} has no RequestID counter");
        return DuisRequestParser.Parse(SecureXml.Load(System.Text.Encoding.UTF8.GetBytes(replaced)));
    }

    /// <summary>
    /// RTDS's SAPC 00-DB-12-34-56-78-90-A6 (ECS46d's target): DeviceType has no SAPC, and it takes the ESME's DLMS use
    /// cases, so the test inventory records it as an ESME.
    /// </summary>
    public const ulong Sapc = 0x00DB1234567890A6UL;

    /// <summary>The CIN the DCC holds for RTDS's ESME and GSME (ECS50 and GCS36 send it).</summary>
    public const string RtdsCin = "1234";

    /// <summary>
    /// The context the adapter would have for RTDS: test identities, the RTDS counter, the user's role, and what the
    /// inventory records of the target's model for the pair (<see cref="RtdsProfile"/>) and the RTDS CINs.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="acbCounter">The ACB originator counter.</param>
    /// <param name="useCase">The pair's GBCS use case (the template name's first part).</param>
    /// <param name="variant">The pair's name without the suffix (e.g. ECS02_1.6_TWIN_SUCCESS), for the TWIN templates.</param>
    public static TransformContext Context(DuisRequest request, ulong acbCounter, string? useCase = null, string? variant = null) => new()
    {
        AcbOriginatorCounter = acbCounter,
        Inventory = new ProfiledDeviceInventory(WithJoinedDevices().AddDevice(Sapc, Protocol.Asn1.DeviceType.Esme))
            .AddProfile(request.Header.RequestId.Target, RtdsProfile(useCase, variant))
            .AddCin(RtdsTestIdentities.Esme, RtdsCin)
            .AddCin(RtdsTestIdentities.Gsme, RtdsCin),
        UserRole = RtdsTestIdentities.RoleOf(request.Header.RequestId.Originator),
        // The DCC's device certificates: the RTDS keystore's (a Method C join carries the other device's).
        Certificates = new KeystoreDeviceCertificates(RtdsCorpus.KeystorePath),
        // RTDS's CCS05CCS04 and CCS06 templates are the same request: the hub generation decides (see TransformContext).
        UseLegacyChfDeviceLogRead = useCase == "CCS05CCS04",
        // RTDS's GCS32 issuer event id is 2015-01-01T00:00:00Z, the clock RTDS was generated with.
        Now = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    /// <summary>
    /// The RTDS inventory plus the devices RTDS's joins name (the DCC's inventory knows their types; the DUIS join
    /// request names only the device): HCALCS ..9A, ESME ..93, GPF ..9C, PPMID ..98, GSME ..94.
    /// </summary>
    public static StaticDeviceInventory WithJoinedDevices() => RtdsTestIdentities.CreateInventory()
        .AddDevice(0x00DB12345678909AUL, Protocol.Asn1.DeviceType.Hcalcs)
        .AddDevice(0x00DB123456789093UL, Protocol.Asn1.DeviceType.Esme)
        .AddDevice(0x00DB12345678909CUL, Protocol.Asn1.DeviceType.Gpf)
        .AddDevice(0x00DB123456789098UL, Protocol.Asn1.DeviceType.Ppmid)
        .AddDevice(0x00DB123456789094UL, Protocol.Asn1.DeviceType.Gsme);

    /// <summary>
    /// The device model RTDS's pair addresses, which the DCC takes from its inventory (the request is the same): TWIN
    /// templates a twin element ESME; ECS23b, ECS26k and ECS29f a polyphase one; ECS26d/e/i, ECS30, GCS21d, GCS21e and
    /// GCS60 an older device (RTDS also has the newer use case for the same request); ECS08a an ESME that takes ECS08a.
    /// Every other pair gets <see cref="DeviceProfile.Default"/>.
    /// </summary>
    public static DeviceProfile RtdsProfile(string? useCase, string? variant = null)
    {
        var esmeVariant = useCase is "ECS23b" or "ECS26k" or "ECS29f" ? EsmeVariant.Polyphase
            : variant?.Contains("TWIN", StringComparison.Ordinal) == true ? EsmeVariant.TwinElement
            : EsmeVariant.SingleElement;
        var older = useCase is "ECS26d" or "ECS26e" or "ECS26i" or "ECS30" or "GCS21d" or "GCS21e" or "GCS60";
        return new DeviceProfile(esmeVariant, older, UsesEcs08a: useCase == "ECS08a");
    }

    public static GbcsMessage Parse(byte[] b) => GbcsFrameParser.Parse(b);

    [GeneratedRegex(@"(?<id><sr:RequestID>[0-9A-F-]+:[0-9A-F-]+:)\d+<")]
    private static partial Regex RequestIdCounter();

    [GeneratedRegex(@"^(?<uc>[A-Za-z0-9]+)_(?<srv>\d+(\.\d+)*)(?<variant>(_[A-Z0-9_]+?)?)_REQUEST_DUIS\.XML$")]
    private static partial Regex TemplateName();
}

using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// The 48 template/RTDS pairs that are neither ECS nor GCS (CHF, PPMID, HCALCS, joins and unjoins, prepayment top-up,
/// security credentials, sub-GHz CHF configuration): each supported pair gives the RTDS COMMAND (MAC'd) or PRECOMMAND
/// byte for byte; the rest are listed with the reason.
/// </summary>
public sealed class ChfConformanceTests(ITestOutputHelper output)
{
    private const int PairCount = 48;

    /// <summary>The GBCS use cases (RTDS folder names) of these pairs.</summary>
    private static readonly string[] UseCases =
    [
        "CCS01", "CCS02", "CCS03", "CCS05CCS04", "CCS06", "CCS07", "CS01a", "CS01b",
        "CS02aMAC", "CS02bACBByACB", "CS02bNOByNOHandover", "CS02bNOByNO", "CS02bSupplierBySupplierHandover",
        "CS02bSupplierBySupplier", "CS02bSupplierByTransCoS", "CS02c", "CS02d", "CS02e", "CS02fMAC",
        "CS02gLoadControllerBySupplier", "CS03A1", "CS03A2Critical", "CS03A2NonCritical", "CS03B", "CS03CCritical",
        "CS03CNonCritical", "CS04ACCritical", "CS04ACNonCritical", "CS04B", "CS06", "CS07", "CS08", "CS10a", "CS10b",
        "CS11", "DBCH01", "DBCH02", "DBCH03", "DBCH04", "DBCH05",
    ];

    /// <summary>Pairs this adapter does not produce yet, with why (each must still be refused, not answered wrongly).</summary>
    private static readonly Dictionary<string, string> Unsupported = new();

    private const string AcbSigned =
        "non-critical (un)join to a PPMID: RTDS's command carries the ACB's 64-byte ECDSA signature, which is randomised " +
        "(AcbOriginConformanceTests: identical up to it, and with RTDS's signature identical throughout)";

    /// <summary>Pairs the adapter produces that cannot be RTDS's bytes for a reason other than an RTDS inconsistency.</summary>
    private static readonly Dictionary<string, string> Randomised = new()
    {
        ["CS03A2NonCritical_8.7.2_SUCCESS_REQUEST_DUIS.XML"] = AcbSigned,
        ["CS04ACNonCritical_8.8.2_SUCCESS_REQUEST_DUIS.XML"] = AcbSigned,
    };

    private static string? Why(string template) => Unsupported.GetValueOrDefault(template);

    /// <summary>
    /// Pairs whose RTDS message is not what the template asks for, with the byte that differs; the CS02b/g credential
    /// replacements carry other certificates than RTDS (Cs02bCredentialsTests).
    /// </summary>
    private static readonly Dictionary<string, string> RtdsInconsistent = new(Cs02bCredentialsPairs.CensusReasons
        .ToDictionary(kv => kv.Key + "_REQUEST_DUIS.XML", kv => kv.Value))
    {
        ["CS08_11.2_SUCCESS_REQUEST_DUIS.XML"] =
            "the template's user (RequestID originator) is the ACB 90-B3-D5-1F-30-00-00-02, the RTDS command's Supplementary Remote Party ID (byte 51 on) is the supplier 90-B3-D5-1F-30-01-00-00",
        ["CS03CCritical_8.7.1_SUCCESS_REQUEST_DUIS.XML"] =
            "the certificate of 00-DB-12-34-56-78-90-98 the command carries (byte 63 on) is not RTDS's keystore certificate of that device",
        ["CS03CNonCritical_8.7.2_SUCCESS_REQUEST_DUIS.XML"] =
            "the command joins 00-DB-12-34-56-78-90-94 but carries the certificate of 00-DB-12-34-56-78-90-A1 (byte 102 on); and its ACB signature is randomised",
    };

    /// <summary>My pairs: template file name, use case, RTDS file, PRECOMMAND or COMMAND.</summary>
    public static IReadOnlyList<(string Template, string UseCase, string Rtds, bool Critical)> AllPairs()
    {
        var srvs = Directory.EnumerateFiles(SharedData.PathOf(TransformData.TemplatesFolder))
            .Select(f => Path.GetFileName(f).Split('_')).Where(parts => parts.Length > 1).Select(parts => parts[1]).Distinct().ToArray();
        var list = new List<(string, string, string, bool)>();
        foreach (var pair in TransformData.Pairs("PRECOMMAND", srvs).Concat(TransformData.Pairs("COMMAND", srvs)))
        {
            if (pair.RtdsFile is null || !UseCases.Contains(pair.UseCase)) continue;
            if (list.Any(p => p.Item1 == pair.ToString())) continue; // PRECOMMAND first: a critical pair is its pre-command
            list.Add((pair.ToString(), pair.UseCase, pair.RtdsFile, pair.RtdsFile.Contains("_PRECOMMAND_", StringComparison.Ordinal)));
        }
        return list.OrderBy(p => p.Item1, StringComparer.Ordinal).ToList();
    }

    public static IEnumerable<object[]> Rows =>
        SharedData.Available ? AllPairs().Select(p => new object[] { p.Template }) : [["(reference data absent)"]];

    private static (string Expected, TransformResult Result) Run(string template)
    {
        var pair = AllPairs().Single(p => p.Template == template);
        var expected = RtdsCorpus.Bytes(pair.Rtds);
        var request = TransformData.LoadTemplate(template);
        var context = TransformData.Context(request, TransformData.Parse(expected).OriginatorCounter, pair.UseCase);
        context = context with { Inventory = WithJoinedDevices() };
        return (Convert.ToHexString(expected), TransformData.Transformer().Transform(request, context));
    }

    private static StaticDeviceInventory WithJoinedDevices() => TransformData.WithJoinedDevices();

    [SharedDataTheory]
    [MemberData(nameof(Rows))]
    public void Supported_pair_gives_the_RTDS_message_byte_for_byte_and_the_rest_are_refused(string template)
    {
        var pair = AllPairs().Single(p => p.Template == template);
        if (Why(template) is not null)
        {
            var ex = Assert.Throws<DuisTransformException>(() => Run(template));
            Assert.True(ex.Error is TransformError.UnsupportedService or TransformError.UnsupportedRequest, ex.Message);
            return;
        }
        if (Cs02bCredentialsPairs.Refused.TryGetValue(template.Replace("_REQUEST_DUIS.XML", "", StringComparison.Ordinal), out var refusal))
        {
            // Its certificates do not fit the cells they are offered for (Cs02bCredentialsTests).
            var ex = Assert.Throws<DuisTransformException>(() => Run(template));
            Assert.Equal(TransformError.InvalidBody, ex.Error);
            Assert.StartsWith(refusal, ex.Message, StringComparison.Ordinal);
            return;
        }
        var (expected, result) = Run(template);
        if (RtdsInconsistent.ContainsKey(template) || Randomised.ContainsKey(template))
        {
            Assert.NotEqual(expected, result.Hex);
            return;
        }
        Assert.Equal(expected, result.Hex);
        Assert.Equal(pair.Critical, result.IsPreCommand);
    }

    [SharedDataFact]
    public void Prints_how_many_of_the_48_pairs_match_and_why_the_others_do_not()
    {
        var pairs = AllPairs();
        Assert.Equal(PairCount, pairs.Count);
        var matched = 0;
        var misses = new List<string>();
        foreach (var p in pairs)
        {
            try
            {
                var (expected, result) = Run(p.Template);
                if (expected == result.Hex) { matched++; continue; }
                var common = 0;
                while (common < Math.Min(expected.Length, result.Hex.Length) && expected[common] == result.Hex[common]) common++;
                var why = RtdsInconsistent.TryGetValue(p.Template, out var r) ? "RTDS inconsistent: " + r + "; "
                    : Randomised.TryGetValue(p.Template, out var n) ? n + "; " : "";
                misses.Add($"{p.Template}: {why}first differing byte {common / 2} (RTDS {expected.Length / 2} bytes, ours {result.Hex.Length / 2})");
            }
            catch (DuisTransformException ex)
            {
                misses.Add($"{p.Template}: {(Why(p.Template) ?? ex.Error + ": " + ex.Message)}");
            }
        }
        output.WriteLine($"CHF: {matched}/{pairs.Count} pairs byte-identical");
        foreach (var m in misses) output.WriteLine("  not matched: " + m);
        Assert.Equal(pairs.Count(p => Why(p.Template) is null && !RtdsInconsistent.ContainsKey(p.Template) && !Randomised.ContainsKey(p.Template)), matched);
    }

    public static IEnumerable<object[]> CriticalRows =>
        SharedData.Available
            ? AllPairs().Where(p => p.Critical && Why(p.Template) is null && !RtdsInconsistent.ContainsKey(p.Template)).Select(p => new object[] { p.Template })
            : [["(reference data absent)"]];

    /// <summary>The user's RTDS signature on our pre-command verifies, and the MAC'd command is RTDS's byte for byte.</summary>
    [SharedDataTheory]
    [MemberData(nameof(CriticalRows))]
    public void RTDS_signature_on_the_pre_command_completes_to_the_RTDS_command(string template)
    {
        var pair = AllPairs().Single(p => p.Template == template);
        var (_, result) = Run(template);
        var (rtdsCommand, command) = TransformData.CompleteWithRtdsSignature(result, pair.Rtds);
        Assert.Equal(rtdsCommand, command);
    }

    private static DuisTransformException Refusal(string template, Action<Dcc.Duis.DuisRequest> edit, IDeviceInventory? inventory = null)
    {
        var request = TransformData.LoadTemplate(template);
        edit(request);
        var context = TransformData.Context(request, 1) with { Inventory = inventory ?? WithJoinedDevices() };
        return Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, context));
    }

    private static void SetText(Dcc.Duis.DuisRequest request, string element, string text) =>
        request.BodyElement.GetElementsByTagName(element, Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!.InnerText = text;

    [SharedDataFact]
    public void A_join_to_a_device_the_inventory_does_not_know_is_missing_context()
    {
        var ex = Refusal("CS03A1_8.7.1_SUCCESS_REQUEST_DUIS.XML", _ => { }, RtdsTestIdentities.CreateInventory());
        Assert.Equal(TransformError.MissingContext, ex.Error);
        Assert.Contains("00-DB-12-34-56-78-90-9A", ex.Message);
    }

    [SharedDataFact]
    public void A_UTRN_that_is_not_20_digits_is_an_invalid_body()
    {
        Assert.Equal(TransformError.InvalidBody, Refusal("CS01a_2.2_SUCCESS_REQUEST_DUIS.XML", r => SetText(r, "UTRN", "7394614433204021731X")).Error);
        Assert.Equal(TransformError.InvalidBody, Refusal("CS01b_2.2_SUCCESS_REQUEST_DUIS.XML", r => SetText(r, "UTRN", "123")).Error);
    }

    [SharedDataFact]
    public void A_device_certificate_that_is_not_X509_is_an_invalid_body()
    {
        var ex = Refusal("CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML", r => SetText(r, "DeviceCertificate", Convert.ToBase64String([0x30, 0x03, 0x02, 0x01, 0x00])));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
    }

    [SharedDataFact]
    public void Sub_GHz_thresholds_that_are_not_hundredths_and_wrong_page_channels_are_an_invalid_body()
    {
        Assert.Equal(TransformError.InvalidBody,
            Refusal("DBCH04_6.28_SUCCESS_REQUEST_DUIS.XML", r => SetText(r, "LocalCHRetryPercentage", "30.005")).Error);
        var ex = Refusal("DBCH04_6.28_SUCCESS_REQUEST_DUIS.XML", r =>
        {
            var page = r.BodyElement.GetElementsByTagName("LowerBandSubGHzChannels35To61", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!;
            page.AppendChild(r.BodyElement.OwnerDocument.CreateElement("sr", "Channel5", Dcc.Duis.DuisNamespaces.ServiceUserGateway));
        });
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains("Channel5", ex.Message);
    }

    /// <summary>Every SRV of a supported pair is in the access-control catalogue with the plan's criticality and the template's CV.</summary>
    [SharedDataFact]
    public void Supported_SRVs_are_in_the_catalogue_with_the_plans_criticality_and_command_variant()
    {
        var problems = new List<string>();
        foreach (var p in AllPairs().Where(p => Why(p.Template) is null && !RtdsInconsistent.ContainsKey(p.Template)))
        {
            var request = TransformData.LoadTemplate(p.Template);
            var srv = request.Header.ServiceReferenceVariant;
            var info = Dcc.Access.SrvCatalogue.Find(srv);
            if (info is null) { problems.Add($"{srv}: not in the catalogue"); continue; }
            if (info.Critical != p.Critical) problems.Add($"{srv}: catalogue critical={info.Critical}, RTDS {(p.Critical ? "pre-command" : "command")}");
            if (!info.CommandVariants.Contains(request.Header.CommandVariant)) problems.Add($"{srv}: CV {request.Header.CommandVariant} not accepted");
        }
        Assert.Empty(problems.Distinct());
    }
}

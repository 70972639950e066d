using System.Text.RegularExpressions;
using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// The GSME/GPF (GBZ) template/RTDS pairs: every RTDS DUIS template of a GCS use case with an RTDS PRECOMMAND (critical)
/// or COMMAND of the same name. Supported pairs give the RTDS bytes exactly; the rest are listed with their reason.
/// </summary>
public sealed partial class GsmeConformanceTests(ITestOutputHelper output)
{
    /// <summary>
    /// Pairs that are not byte-identical, with why: the census's named RTDS inconsistencies of GSME/GPF use cases. The
    /// theory checks that each still differs (so this list cannot go stale);
    /// <see cref="Prints_the_GSME_pairs_matched_and_why_the_others_are_not"/> prints the first differing byte.
    /// </summary>
    private static readonly Dictionary<string, string> Unmatched = ConformanceCensus.KnownRtdsInconsistencies
        .Where(kv => kv.Key.StartsWith("GCS", StringComparison.Ordinal))
        .ToDictionary(kv => kv.Key + "_REQUEST_DUIS.XML", kv => kv.Value, StringComparer.Ordinal);

    public static IEnumerable<object[]> Rows =>
        SharedData.Available ? GsmePairs().Select(p => new object[] { p.Template }) : [["(reference data absent)"]];

    /// <summary>Template file name, use case, the RTDS file it pairs with, and whether that is a pre-command.</summary>
    internal sealed record GsmePair(string Template, string UseCase, string RtdsFile, bool Critical);

    internal static IReadOnlyList<GsmePair> GsmePairs()
    {
        var list = new List<GsmePair>();
        foreach (var path in Directory.EnumerateFiles(SharedData.PathOf(TransformData.TemplatesFolder)).Order(StringComparer.Ordinal))
        {
            var m = TemplateName().Match(Path.GetFileName(path));
            if (!m.Success) continue;
            var (useCase, srv, variant) = (m.Groups["uc"].Value, m.Groups["srv"].Value, m.Groups["variant"].Value);
            var stem = $"{srv}_{useCase}/{useCase}_{srv}{variant}";
            foreach (var (kind, critical) in new[] { ("PRECOMMAND", true), ("COMMAND", false) })
            {
                var file = $"{stem}_{kind}_GBCS.HEX";
                if (!File.Exists(SharedData.PathOf(Path.Combine(RtdsCorpus.MessagesFolder, file)))) continue;
                list.Add(new GsmePair(Path.GetFileName(path), useCase, file, critical));
                break;
            }
        }
        return list;
    }

    /// <summary>The transform's output for a pair, or the refusal's message.</summary>
    private static (string? Hex, string? Error, string ExpectedHex) Run(GsmePair pair)
    {
        var expected = RtdsCorpus.Bytes(pair.RtdsFile);
        var request = TransformData.LoadTemplate(pair.Template);
        var counter = TransformData.Parse(expected).OriginatorCounter;
        try
        {
            var result = TransformData.Transformer().Transform(request, Context(request, counter, pair.UseCase));
            return (result.Hex, null, Convert.ToHexString(expected));
        }
        catch (DuisTransformException ex)
        {
            return (null, $"{ex.Error}: {ex.Message}", Convert.ToHexString(expected));
        }
    }

    /// <summary>
    /// The RTDS context: RTDS has both GCS21d and GCS21k (GCS21e/GCS21m, GCS60/GCS60a) for the same request, and the
    /// device's recorded GBCS version decides (<see cref="TransformData.RtdsProfile"/>); the DCC holds RTDS's GSME CIN.
    /// </summary>
    private static TransformContext Context(Dcc.Duis.DuisRequest request, ulong counter, string useCase) =>
        TransformData.Context(request, counter, useCase);

    [SharedDataTheory]
    [MemberData(nameof(Rows))]
    public void Template_gives_the_RTDS_GBCS_byte_for_byte(string template)
    {
        var pair = GsmePairs().Single(p => p.Template == template);
        var (hex, error, expected) = Run(pair);
        if (Unmatched.ContainsKey(template))
        {
            Assert.NotEqual(expected, hex);
            return;
        }
        Assert.Null(error);
        Assert.Equal(expected, hex);
    }

    [SharedDataFact]
    public void Prints_the_GSME_pairs_matched_and_why_the_others_are_not()
    {
        var pairs = GsmePairs();
        Assert.Equal(77, pairs.Count);
        var matched = 0;
        var lines = new List<string>();
        foreach (var pair in pairs)
        {
            var (hex, error, expected) = Run(pair);
            if (hex == expected)
            {
                matched++;
                continue;
            }
            var why = Unmatched.GetValueOrDefault(pair.Template, "not explained");
            var detail = error is not null ? error[..Math.Min(error.Length, 90)] : $"first differing byte {hex!.AsSpan().CommonPrefixLength(expected) / 2} of {expected.Length / 2}";
            lines.Add($"  {pair.Template}: {why} [{detail}]");
        }
        output.WriteLine($"GSME pairs byte-identical: {matched} of {pairs.Count}");
        foreach (var l in lines) output.WriteLine(l);
        Assert.DoesNotContain(lines, l => l.Contains("not explained", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every supported GSME pair's SRV is in the access-control matrix, the template's user may send it in a role that
    /// DCC Boxed user holds (the supplier as import or gas supplier, the network operator as electricity distributor or
    /// gas transporter), its command variant is allowed, and the transform's critical/non-critical split is the
    /// matrix's (critical ones as RTDS PRECOMMANDs).
    /// </summary>
    [SharedDataFact]
    public void Every_GSME_SRV_is_eligible_for_the_supplier_and_critical_as_the_matrix_says()
    {
        foreach (var pair in GsmePairs().Where(p => !Unmatched.ContainsKey(p.Template)))
        {
            var request = TransformData.LoadTemplate(pair.Template);
            var srv = request.Header.ServiceReferenceVariant;
            var info = Access.SrvCatalogue.Find(srv);
            Assert.True(info is not null, $"{pair.Template}: SRV {srv} is not in the catalogue");
            Access.UserRole[] roles = request.Header.RequestId.Originator == RtdsTestIdentities.NetworkOperator
                ? [Access.UserRole.ElectricityDistributor, Access.UserRole.GasTransporter]
                : [Access.UserRole.ImportSupplier, Access.UserRole.GasSupplier];
            if (pair.UseCase == "GCS36")
            {
                // The DUIS matrix gives 9.1 to Other Users only, while RTDS's template sends it as the supplier: the access
                // check would refuse this template before the transform (which builds RTDS's command from it).
                Assert.DoesNotContain(roles, r => Access.EligibilityCheck.IsEligible(r, srv));
                Assert.True(Access.EligibilityCheck.IsEligible(Access.UserRole.OtherUser, srv));
            }
            else
            {
                Assert.True(roles.Any(r => Access.EligibilityCheck.IsEligible(r, srv)), $"{pair.Template}: its user may not send {srv}");
            }
            Assert.True(Access.EligibilityCheck.IsCommandVariantAllowed(srv, request.Header.CommandVariant), $"{pair.Template}: CV {request.Header.CommandVariant}");
            Assert.Equal(pair.Critical, info!.Critical);
        }
    }

    /// <summary>Critical GSME commands: the RTDS signature on the transform's pre-command gives RTDS's MAC'd command byte for byte.</summary>
    [SharedDataFact]
    public void Signed_GSME_pre_commands_complete_to_the_RTDS_commands()
    {
        var checkedCount = 0;
        foreach (var pair in GsmePairs().Where(p => p.Critical && !Unmatched.ContainsKey(p.Template)))
        {
            var (pre, error, _) = Run(pair);
            Assert.Null(error);
            var rtdsCommand = RtdsCorpus.Bytes(pair.RtdsFile.Replace("_PRECOMMAND_", "_COMMAND_", StringComparison.Ordinal));
            var rtds = TransformData.Parse(rtdsCommand);
            var signed = rtdsCommand.AsSpan(rtds.SigningOffset, rtds.SigningLength).ToArray();
            var command = TransformData.Transformer().CompleteSignedPreCommand(Convert.FromHexString(pre!), signed);
            Assert.Equal(Convert.ToHexString(rtdsCommand), Convert.ToHexString(command));
            checkedCount++;
        }
        output.WriteLine($"critical GSME pairs completed to RTDS's command: {checkedCount}");
        Assert.Equal(30, checkedCount); // every critical GSME pair
    }

    /// <summary>A GSME body value the transform cannot carry is a typed error naming it, never a half-built command.</summary>
    [SharedDataTheory]
    [InlineData("GCS24_6.7_SUCCESS_REQUEST_DUIS.XML", "SupplyTamperState", "Locked", TransformError.UnsupportedRequest)]
    [InlineData("GCS01b_1.2.1_IMMEDIATE_TOU_SUCCESS_REQUEST_DUIS.XML", "CurrencyUnits", "XYZ", TransformError.InvalidBody)]
    [InlineData("GCS17_4.8.1_SUCCESS_REQUEST_DUIS.XML", "EndDateTime", "2014-01-01T00:00:00Z", TransformError.InvalidBody)]
    [InlineData("GCS18_4.10_SUCCESS_REQUEST_DUIS.XML", "EndDateTime", "2014-01-01T00:00:00Z", TransformError.InvalidBody)]
    [InlineData("GCS24_6.7_SUCCESS_REQUEST_DUIS.XML", "UncontrolledGasFlowRate", "70000", TransformError.InvalidBody)]
    [InlineData("GCS07_3.1_SUCCESS_REQUEST_DUIS.XML", "SupplierMessage", "", null)]
    [InlineData("GCS25_6.8_SUCCESS_REQUEST_DUIS.XML", "Periodicity", "Fortnightly", TransformError.InvalidBody)]
    [InlineData("GCS05_2.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", "NonDisablementAction", "PAUSE", TransformError.InvalidBody)]
    public void Bad_GSME_body_values_are_typed_errors(string template, string element, string value, TransformError? expected)
    {
        var request = TransformData.LoadTemplate(template);
        request.BodyElement.GetElementsByTagName(element, Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!.InnerText = value;
        var context = TransformData.Context(request, 1);
        if (expected is null)
        {
            Assert.NotEmpty(TransformData.Transformer().Transform(request, context).Command);
            return;
        }
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, context));
        Assert.Equal(expected, ex.Error);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void CIN_request_without_a_CIN_held_is_missing_context()
    {
        var request = TransformData.LoadTemplate("GCS36_9.1_SUCCESS_REQUEST_DUIS.XML");
        var context = TransformData.Context(request, 1) with { Inventory = RtdsTestIdentities.CreateInventory() };
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, context));
        Assert.Equal(TransformError.MissingContext, ex.Error);
        Assert.Contains("Customer Identification Number", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Without the device's GBCS version in the inventory, the newer of two use cases for the same request is sent.</summary>
    [SharedDataTheory]
    [InlineData("GCS21d_6.2.3_SUCCESS_REQUEST_DUIS.XML", "GCS21k")]
    [InlineData("GCS21e_6.2.4_SUCCESS_REQUEST_DUIS.XML", "GCS21m")]
    [InlineData("GCS60_4.18_SUCCESS_REQUEST_DUIS.XML", "GCS60a")]
    public void Unknown_device_version_gets_the_newer_use_case(string template, string useCase)
    {
        var request = TransformData.LoadTemplate(template);
        Assert.Equal(useCase, TransformData.Transformer().Transform(request, TransformData.Context(request, 1)).UseCase);
    }

    /// <summary>
    /// Where RTDS disagrees with its own request, the transform's command equals RTDS's once the request's times are
    /// replaced by the ones RTDS used (ZigBee UTCTime, little-endian) - so the named time fields are the only difference.
    /// The MAC (last 12 bytes) covers the payload and differs with it.
    /// </summary>
    [SharedDataTheory]
    [InlineData("GCS09_3.2_SUCCESS_REQUEST_DUIS.XML", "2015-02-01T00:00:00Z", "2016-11-22T02:46:56Z")]
    [InlineData("GCS15c_4.4.3_SUCCESS_REQUEST_DUIS.XML", "2014-12-01T00:00:00Z", "2015-01-01T00:00:01Z", "2015-11-01T00:00:00Z", "2016-01-01T00:00:01Z")]
    public void RTDS_differs_from_its_request_only_in_time_fields(string template, params string[] requestThenRtds)
    {
        var (hex, error, expected) = Run(GsmePairs().Single(p => p.Template == template));
        Assert.Null(error);
        var patched = hex![..^24];
        for (var i = 0; i < requestThenRtds.Length; i += 2)
        {
            var ours = UtcTimeHex(requestThenRtds[i]);
            Assert.Contains(ours, patched, StringComparison.Ordinal);
            patched = patched.Replace(ours, UtcTimeHex(requestThenRtds[i + 1]), StringComparison.Ordinal);
        }
        output.WriteLine($"{template}: first differing byte {hex.AsSpan().CommonPrefixLength(expected) / 2}");
        Assert.Equal(expected[..^24], patched);
    }

    /// <summary>
    /// GCS18 reads the whole gas network data log (Get Sampled Data of sample id 2 from 2000-01-01T00:00:01Z, the 41 samples
    /// GCS31 lets it hold): the template, with the request id counter of each RTDS GCS18 command (the user's originator
    /// counter), gives that command byte for byte, SUCCESS, ERROR and NOT_FOUND alike.
    /// </summary>
    [SharedDataTheory]
    [InlineData("GCS18_4.10_SUCCESS_COMMAND_GBCS.HEX")]
    [InlineData("GCS18_4.10_ERROR_COMMAND_GBCS.HEX")]
    [InlineData("GCS18_4.10_NOT_FOUND_COMMAND_GBCS.HEX")]
    public void Network_data_read_asks_the_whole_log_as_every_RTDS_GCS18_command(string rtdsFile)
    {
        var rtds = RtdsCorpus.Bytes($"4.10_GCS18/{rtdsFile}");
        var counter = TransformData.Parse(rtds).OriginatorCounter;
        var request = TransformData.LoadTemplate("GCS18_4.10_SUCCESS_REQUEST_DUIS.XML", counter);
        var result = TransformData.Transformer().Transform(request, Context(request, counter, "GCS18"));
        Assert.Equal(Convert.ToHexString(rtds), result.Hex);
    }

    /// <summary>The network data log is read whole whatever the period: the period is not in the command.</summary>
    [SharedDataTheory]
    [InlineData("2014-12-31T23:00:00Z")]
    [InlineData("2014-12-01T00:00:00Z")]
    public void Network_data_read_does_not_depend_on_the_period(string start)
    {
        var request = TransformData.LoadTemplate("GCS18_4.10_SUCCESS_REQUEST_DUIS.XML");
        request.BodyElement.GetElementsByTagName("StartDateTime", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!.InnerText = start;
        var command = TransformData.Transformer().Transform(request, Context(request, 1, "GCS18")).Command;
        // Sample id 2, Earliest Sample Time 1, sample type 0, 41 samples (ZCL little-endian), before the null signature
        // length and the 12-byte MAC.
        Assert.Equal("0200" + "01000000" + "00" + "2900", Convert.ToHexString(command[^22..^13]));
    }

    /// <summary>GCS20: the transform sends RTDS's Set Event Configuration commands, only in another order.</summary>
    [SharedDataFact]
    public void Alert_behaviour_sends_the_RTDS_event_configurations_in_request_order()
    {
        var (hex, error, expected) = Run(GsmePairs().Single(p => p.UseCase == "GCS20"));
        Assert.Null(error);
        var ours = Components(Convert.FromHexString(hex!));
        var rtds = Components(Convert.FromHexString(expected));
        Assert.NotEqual(rtds, ours);
        Assert.Equal(rtds.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
    }

    /// <summary>The GBZ components of a command, each as hex with its control byte and ZCL sequence number left out.</summary>
    private static List<string> Components(byte[] command)
    {
        var m = TransformData.Parse(command);
        var gbz = command.AsSpan(m.ContentOffset, m.ContentLength);
        var list = new List<string>();
        var at = 3;
        for (var i = 0; i < gbz[2]; i++)
        {
            var length = (gbz[at + 3] << 8) | gbz[at + 4];
            var body = gbz.Slice(at + 1, 4 + length).ToArray();
            var seq = 4 + ((gbz[at] & 0x10) != 0 ? 4 : 0) + 1;
            body[seq] = 0;
            list.Add(Convert.ToHexString(body));
            at += 5 + length;
        }
        return list;
    }

    private static string UtcTimeHex(string iso)
    {
        var s = (uint)(DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture) - new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds;
        return Convert.ToHexString(BitConverter.GetBytes(s)); // little-endian on every .NET target here
    }

    [GeneratedRegex(@"^(?<uc>GCS[A-Za-z0-9]+)_(?<srv>\d+(\.\d+)*)(?<variant>(_[A-Z0-9_]+?)?)_REQUEST_DUIS\.XML$")]
    private static partial Regex TemplateName();
}

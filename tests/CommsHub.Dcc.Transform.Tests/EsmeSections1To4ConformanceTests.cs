using CommsHub.Dcc.Transforms;
using CommsHub.Dcc.Transforms.Esme;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// The ESME use cases of DUIS sections 1-4 (tariffs and price, prepayment, configuration, reads): every RTDS
/// template of them, transformed with the RTDS originator counter, against the RTDS pre-command (critical) or
/// MAC'd command byte for byte.
/// </summary>
public sealed class EsmeSections1To4ConformanceTests(ITestOutputHelper output)
{
    /// <summary>The use cases of the sections 1-4 ESME share.</summary>
    private static readonly string[] UseCases =
    [
        "ECS01a", "ECS01b", "ECS01c", "ECS01d", "ECS02", "ECS03", "ECS04a", "ECS04b", "ECS05", "ECS07", "ECS08", "ECS08a", "ECS09",
        "ECS10", "ECS12", "ECS14", "ECS15a", "ECS15c", "ECS16",
        "ECS17a", "ECS17b", "ECS17c", "ECS17d", "ECS17e", "ECS18a", "ECS18b", "ECS19", "ECS20a", "ECS20b", "ECS20c", "ECS20d",
        "ECS21a", "ECS21b", "ECS21c", "ECS22a", "ECS22b", "ECS22c", "ECS23", "ECS23b", "ECS24", "ECS24b", "ECS26a", "ECS27",
        "ECS66", "ECS82",
    ];

    /// <summary>Pairs not (yet) byte-identical, with the reason; the report fact checks this list is exact.</summary>
    private static readonly Dictionary<string, string> NotMatched = new(StringComparer.Ordinal)
    {
    };

    public static IEnumerable<object[]> Supported() =>
        SharedData.Available
            ? Pairs().Where(p => !NotMatched.ContainsKey(p.ToString())).Select(p => new object[] { p.ToString() })
            : [["(reference data absent)"]];

    /// <summary>Every template of <see cref="UseCases"/> with its RTDS pre-command (critical) or command.</summary>
    private static List<TemplatePair> Pairs()
    {
        var srvs = TransformData.Pairs("COMMAND", AllSrvs()).Select(p => p.Srv).Distinct().ToArray();
        var commands = TransformData.Pairs("COMMAND", srvs).ToDictionary(p => p.ToString());
        return TransformData.Pairs("PRECOMMAND", srvs)
            .Where(p => UseCases.Contains(p.UseCase))
            .Select(p => p.RtdsFile is not null ? p : commands[p.ToString()])
            .Where(p => p.RtdsFile is not null)
            .ToList();
    }

    private static string[] AllSrvs() =>
        Directory.EnumerateFiles(SharedData.PathOf(TransformData.TemplatesFolder))
            .Select(f => Path.GetFileName(f).Split('_'))
            .Where(parts => parts.Length > 2 && UseCases.Contains(parts[0]))
            .Select(parts => parts[1])
            .Distinct()
            .ToArray();

    /// <summary>The RTDS context with the ESME's model as the template names it (<see cref="TransformData.RtdsProfile"/>).</summary>
    private static TransformContext Context(TemplatePair pair, Dcc.Duis.DuisRequest request, ulong counter) =>
        TransformData.Context(request, counter, pair.UseCase, pair.Variant);

    private static (string Expected, string? Got, string? Error) Run(TemplatePair pair)
    {
        var expected = RtdsCorpus.Bytes(pair.RtdsFile!);
        var request = TransformData.Load(pair.Template);
        var counter = TransformData.Parse(expected).OriginatorCounter;
        try
        {
            var result = TransformData.Transformer().Transform(request, Context(pair, request, counter));
            Assert.Equal(pair.UseCase, result.UseCase);
            Assert.Equal(pair.RtdsFile!.Contains("_PRECOMMAND_", StringComparison.Ordinal), result.IsPreCommand);
            return (Convert.ToHexString(expected), result.Hex, null);
        }
        catch (DuisTransformException ex)
        {
            // The unsupported-SRV message lists every supported SRV: the report keeps its first clause.
            var message = ex.Message.Split("; supported:")[0];
            return (Convert.ToHexString(expected), null, $"{ex.Error}: {message}");
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Supported))]
    public void Template_gives_the_RTDS_message_byte_for_byte(string template)
    {
        var pair = Pairs().Single(p => p.ToString() == template);
        var (expected, got, error) = Run(pair);
        Assert.Null(error);
        Assert.Equal(expected, got);
    }

    public static IEnumerable<object[]> SupportedPreCommands() =>
        SharedData.Available
            ? Pairs().Where(p => p.RtdsFile!.Contains("_PRECOMMAND_", StringComparison.Ordinal) && !NotMatched.ContainsKey(p.ToString()))
                .Select(p => new object[] { p.ToString() })
            : [["(reference data absent)"]];

    /// <summary>
    /// The critical pairs end to end: the pre-command, signed with RTDS's signature (taken from the RTDS command),
    /// completes (signature checked with the supplier's DS key, ACB MAC applied) into the RTDS command byte for byte.
    /// </summary>
    [SharedDataTheory]
    [MemberData(nameof(SupportedPreCommands))]
    public void RTDS_signature_on_the_pre_command_gives_the_RTDS_command_byte_for_byte(string template)
    {
        var pair = Pairs().Single(p => p.ToString() == template);
        var (_, pre, error) = Run(pair);
        Assert.Null(error);
        var rtdsCommand = RtdsCorpus.Bytes(pair.RtdsFile!.Replace("_PRECOMMAND_", "_COMMAND_", StringComparison.Ordinal));
        var rtds = TransformData.Parse(rtdsCommand);
        var signedByRtds = rtdsCommand.AsSpan(rtds.SigningOffset, rtds.SigningLength).ToArray();

        var command = TransformData.Transformer().CompleteSignedPreCommand(Convert.FromHexString(pre!), signedByRtds);

        Assert.Equal(Convert.ToHexString(rtdsCommand), Convert.ToHexString(command));
    }

    /// <summary>
    /// RTDS inconsistency: ECS21b_4.14_URP's command carries a 406-byte Supplementary Remote Party KA certificate
    /// (message bytes 66..471) that is not the 407-byte certificate in its template's sr:KAPublicSecurityCredentials;
    /// they differ from the certificate's byte 3 (the DER length, message byte 69) on.
    /// </summary>
    [SharedDataFact]
    public void Urp_template_certificate_is_not_the_one_RTDS_carries()
    {
        var request = TransformData.LoadTemplate("ECS21b_4.14_URP_SUCCESS_REQUEST_DUIS.XML");
        var template = Convert.FromBase64String(request.BodyElement
            .GetElementsByTagName("KAPublicSecurityCredentials", "http://www.dccinterface.co.uk/ServiceUserGateway")[0]!.InnerText.Trim());
        var m = TransformData.Parse(RtdsCorpus.Bytes("4.14_ECS21b/ECS21b_4.14_URP_SUCCESS_COMMAND_GBCS.HEX"));
        var rtds = m.Buffer.AsSpan(m.SupplementaryRemotePartyCertificateOffset, m.SupplementaryRemotePartyCertificateLength);
        Assert.Equal(66, m.SupplementaryRemotePartyCertificateOffset);
        Assert.Equal((407, 406), (template.Length, rtds.Length));
        Assert.Equal(3, rtds.CommonPrefixLength(template));
    }

    [SharedDataFact]
    public void Reports_how_many_of_the_sections_1_to_4_ESME_pairs_match()
    {
        var pairs = Pairs();
        Assert.Equal(71, pairs.Count);
        var unmatched = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var (expected, got, error) = Run(pair);
            if (error is not null) unmatched[pair.ToString()] = error;
            else if (expected != got)
            {
                var at = expected.AsSpan().CommonPrefixLength(got) / 2;
                unmatched[pair.ToString()] = $"differs from byte {at} (RTDS {expected.Length / 2} bytes, got {got!.Length / 2})";
            }
        }
        output.WriteLine($"ESME sections 1-4: {pairs.Count - unmatched.Count}/{pairs.Count} byte-identical");
        foreach (var (template, reason) in unmatched.OrderBy(u => u.Key, StringComparer.Ordinal))
            output.WriteLine($"  {template}: {(NotMatched.TryGetValue(template, out var known) ? known : reason)}");
        Assert.Equal(NotMatched.Keys.Order(StringComparer.Ordinal), unmatched.Keys.Order(StringComparer.Ordinal));
    }

    private static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommsHub.Cli.CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [SharedDataTheory]
    [InlineData("ECS23b_4.10_SUCCESS_REQUEST_DUIS.XML", "4.10_ECS23b/ECS23b_4.10_SUCCESS_COMMAND_GBCS.HEX", "polyphase", false)]
    [InlineData("ECS23_4.10_SUCCESS_REQUEST_DUIS.XML", "4.10_ECS23/ECS23_4.10_SUCCESS_COMMAND_GBCS.HEX", "single", false)]
    [InlineData("ECS08a_2.1_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML", "2.1_ECS08a/ECS08a_2.1_FUTURE_DATED_SUCCESS_PRECOMMAND_GBCS.HEX", "single", true)]
    [InlineData("ECS02_1.6_CANCELLATION_TWIN_SUCCESS_REQUEST_DUIS.XML", "1.6_ECS02/ECS02_1.6_CANCELLATION_TWIN_SUCCESS_PRECOMMAND_GBCS.HEX", "twin", false)]
    public void Cli_takes_the_ESME_variant_where_the_use_case_depends_on_it(string template, string rtds, string variant, bool ecs08a)
    {
        var expected = RtdsCorpus.Bytes(rtds);
        var counter = TransformData.Parse(expected).OriginatorCounter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = ["duis", "transform", "--keys", RtdsCorpus.KeystorePath, "--counter", counter, "--esme-variant", variant,
            .. ecs08a ? new[] { "--ecs08a" } : [], SharedData.PathOf($"{TransformData.TemplatesFolder}/{template}")];
        var (exit, output, error) = Cli(args);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(Convert.ToHexString(expected), output.Trim());
    }

    /// <summary>Without --esme-variant the ESME is taken as DeviceProfile.Default (single element): 4.10 becomes ECS23.</summary>
    [SharedDataFact]
    public void Variant_dependent_request_without_the_variant_takes_the_default_single_element_ESME()
    {
        var expected = RtdsCorpus.Bytes("4.10_ECS23/ECS23_4.10_SUCCESS_COMMAND_GBCS.HEX");
        var counter = TransformData.Parse(expected).OriginatorCounter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output, error) = Cli("duis", "transform", "--keys", RtdsCorpus.KeystorePath, "--counter", counter,
            SharedData.PathOf($"{TransformData.TemplatesFolder}/ECS23b_4.10_SUCCESS_REQUEST_DUIS.XML"));
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(Convert.ToHexString(expected), output.Trim());
    }

    private static DuisTransformException Refusal(string template, Action<System.Xml.XmlElement> edit)
    {
        var request = TransformData.LoadTemplate(template);
        edit(request.BodyElement);
        var pair = Pairs().Single(p => p.ToString() == template);
        return Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, Context(pair, request, 1)));
    }

    private static System.Xml.XmlElement Element(System.Xml.XmlElement body, string name) =>
        (System.Xml.XmlElement)body.GetElementsByTagName(name, "http://www.dccinterface.co.uk/ServiceUserGateway")[0]!;

    [SharedDataFact]
    public void DSP_scheduled_execution_of_a_non_future_dated_use_case_is_unsupported()
    {
        var ex = Refusal("ECS10_3.1_SUCCESS_REQUEST_DUIS.XML", body =>
        {
            var when = body.OwnerDocument.CreateElement("sr", "ExecutionDateTime", "http://www.dccinterface.co.uk/ServiceUserGateway");
            when.InnerText = "2030-01-15T09:00:00Z";
            body.PrependChild(when);
        });
        Assert.Equal(TransformError.UnsupportedRequest, ex.Error);
        Assert.Contains("DSP-scheduled sr:DisplayMessage", ex.Message);
    }

    [SharedDataTheory]
    [InlineData("ECS07_2.3_SUCCESS_REQUEST_DUIS.XML", "DebtRecoveryRatePeriod", "WEEKLY", "WEEKLY")]
    [InlineData("ECS01d_1.2.2_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", "ElectricityPriceElement", "40000", "not a 16-bit price")]
    [InlineData("ECS08_2.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", "SpecialDayID", "9", "names no special day")]
    [InlineData("ECS12_3.2_SUCCESS_REQUEST_DUIS.XML", "RestrictionDateTime", "yesterday", "not an xs:dateTime")]
    public void Bad_body_values_are_invalid_body_errors(string template, string element, string value, string message)
    {
        var ex = Refusal(template, body => Element(body, element).InnerText = value);
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains(message, ex.Message);
    }
}

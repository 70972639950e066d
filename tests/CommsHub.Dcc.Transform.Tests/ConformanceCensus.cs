using System.Text;
using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>How one template/RTDS pair fared: byte-identical, or why not.</summary>
/// <param name="Name">The template name without <c>_REQUEST_DUIS.XML</c> (also the RTDS file's stem).</param>
/// <param name="Srv">The DUIS Service Reference Variant from the template name.</param>
/// <param name="RtdsFile">The RTDS file compared against (PRECOMMAND when RTDS has one, else COMMAND).</param>
/// <param name="Identical">True when the transform gave the RTDS bytes exactly.</param>
/// <param name="Reason">Why not (empty when identical).</param>
public sealed record PairOutcome(string Name, string Srv, string RtdsFile, bool Identical, string Reason);

/// <summary>
/// The census over every DUIS template that has an RTDS GBCS command of the same name: each is transformed with the
/// RTDS originator counter and compared byte for byte. Shared by the census test and the conformance note it writes.
/// </summary>
internal static class ConformanceCensus
{
    /// <summary>
    /// Pairs whose RTDS is inconsistent with its own template (or, GCS20, orders what nothing orders), listed by name with
    /// the field, the template's value, RTDS's value and the evidence that no rule of the request, DUIS or GBCS gives
    /// RTDS's bytes (checked against the use case's other RTDS messages and the pairs that match). The transform is not
    /// special-cased for them: they count as not identical and the reason is printed after the measured difference.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KnownRtdsInconsistencies = new Dictionary<string, string>(Cs02bCredentialsPairs.CensusReasons, StringComparer.Ordinal)
    {
        ["CS08_11.2_SUCCESS"] = "RTDS inconsistency: the template's RequestID names the ACB (90-B3-D5-1F-30-00-00-02) as the user, " +
            "while RTDS's command carries the supplier 90B3D51F30010000 as Supplementary Remote Party " +
            "(NonCriticalConformanceTests checks it with the user corrected)",
        ["ECS25a_6.22_SUCCESS"] = "RTDS inconsistency: alert filter 0-30:97.98.11.255: the template sets 0x810D on, 0x810E off and " +
            "0x81B7 (polyphase) on; RTDS sets 0x810D on, 0x810E off, 0x81C4 and 0x81C5 off, and leaves 0x81B7 out. RTDS's ECS25a " +
            "ERROR command to the same ESME is this template's transform byte for byte, with its counter " +
            "(RtdsSiblingCommandTests, AlertBehaviourConformanceTests)",
        ["ECS25b_6.22_SUCCESS"] = "RTDS inconsistency: alert filter 0-33:97.98.11.255: the template sets 0x8014 on, 0x8015 off and " +
            "0x8003 (polyphase) on; RTDS leaves 0x8003 out. Leaving polyphase codes out for a single-phase ESME would explain this " +
            "command alone, but RTDS's ECS25a and ECS25b ERROR commands to the same ESME carry the polyphase codes 0x81B7 and 0x8003 " +
            "(AlertBehaviourConformanceTests)",
        ["GCS09_3.2_SUCCESS"] = "RTDS inconsistency: Publish Change of Tenancy's Implementation Date Time: the template's " +
            "RestrictionDateTime 2015-02-01T00:00:00Z, RTDS 2016-11-22T02:46:56Z, a time in no template and no other RTDS message, nor " +
            "the clock (the same command's Issuer Event Id is RTDS's clock, 2015-01-01T00:00:00Z); ECS12, the other 3.2 use case, " +
            "carries its template's RestrictionDateTime " +
            "(GsmeConformanceTests.RTDS_differs_from_its_request_only_in_time_fields)",
        ["GCS15c_4.4.3_SUCCESS"] = "RTDS inconsistency: every Get (Prepay) Snapshot's Earliest Start Time and Latest End Time: the " +
            "template's ReadLogPeriod 2014-12-01T00:00:00Z to 2015-11-01T00:00:00Z, RTDS 2015-01-01T00:00:01Z to 2016-01-01T00:00:01Z; " +
            "RTDS's own GCS15c ERROR command is this template's transform byte for byte, with its counter, and RTDS's GCS15b command " +
            "from a template with the same period carries it (RtdsSiblingCommandTests, " +
            "GsmeConformanceTests.RTDS_differs_from_its_request_only_in_time_fields)",
        ["GCS16b_4.14_URP_SUCCESS"] = "RTDS inconsistency: every Get Prepay Snapshot's Earliest Start Time: the template's " +
            "StartDateTime 2014-12-30T23:00:00Z, RTDS 2014-12-29T23:00:00Z (the KRP template's start); RTDS's GCS16b KRP command " +
            "and its ECS21b KRP and URP commands carry their own templates' starts (UnknownRemotePartyConformanceTests)",
        ["GCS61_4.17_SUCCESS"] = "RTDS inconsistency: Get Sampled Data's Earliest Sample Time and Number of Samples: the template's " +
            "ReadLogPeriod 2014-12-10 to 2014-12-20 (11 daily samples), RTDS 2014-12-22T00:00:00Z and 731; RTDS's own GCS61 SUCCESS " +
            "response returns 11 samples from 2014-12-22, and its NOT_FOUND command asks 11 (UnknownRemotePartyConformanceTests)",
        ["GCS20_6.22_SUCCESS"] = "RTDS orders what nothing orders: the same four Set Event Configuration commands (one per " +
            "configuration, event ids ascending in each), as configurations 0x5B, 0x08, 0x4B, 0x43; the transform sends them in the " +
            "order the request first names them (0x08, 0x43, 0x5B, 0x4B). RTDS's order follows neither the request, nor the " +
            "configuration values, the event counts or the event ids, and its ERROR command repeats it " +
            "(GsmeConformanceTests.Alert_behaviour_sends_the_RTDS_event_configurations_in_request_order)",
        ["CS03CCritical_8.7.1_SUCCESS"] = "RTDS inconsistency: the other device's KA certificate: the template names " +
            "00-DB-12-34-56-78-90-98, whose certificate in RTDS's keystore (the DCC's repository here) is serial 4EBC40F8..., " +
            "issuer CN=E357, from 2016-04-06; RTDS carries serial 5D3E7B68..., issuer CN=0001, from 2015-03-26, with the same public " +
            "key, a certificate found nowhere else in the RTDS data (AcbOriginConformanceTests checks the rest)",
        ["CS03CNonCritical_8.7.2_SUCCESS"] = "RTDS inconsistency: the other device's KA certificate: the command joins " +
            "00-DB-12-34-56-78-90-94 (the template's OtherDeviceID, its Entity Id) but carries the KA certificate of " +
            "00-DB-12-34-56-78-90-A1 (its subjectAltName; serial 382DDE2E..., the keystore's A1 certificate), where the transform " +
            "carries 94's (5F25F823...); and the ACB's ECDSA signature is randomised, so this pair cannot be byte-identical " +
            "(AcbOriginConformanceTests)",
    };

    private const string TemplateSuffix = "_REQUEST_DUIS.XML";

    /// <summary>Every pair, in template-name order: (template path, name, SRV, RTDS file).</summary>
    public static IReadOnlyList<(string Template, string Name, string Srv, string RtdsFile)> Pairs()
    {
        var rtds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in RtdsCorpus.Entries) rtds[e.Name] = e.File;
        var list = new List<(string, string, string, string)>();
        foreach (var path in Directory.EnumerateFiles(SharedData.PathOf(TransformData.TemplatesFolder)).Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (!file.EndsWith(TemplateSuffix, StringComparison.Ordinal)) continue;
            var name = file[..^TemplateSuffix.Length];
            // The pre-command is what a critical request transforms to (CV4); a non-critical one has only a COMMAND.
            var found = rtds.GetValueOrDefault(name + "_PRECOMMAND_GBCS.HEX") ?? rtds.GetValueOrDefault(name + "_COMMAND_GBCS.HEX");
            if (found is null) continue;
            var parts = name.Split('_');
            list.Add((path, name, parts.Length > 1 ? parts[1] : "", found));
        }
        return list;
    }

    private static readonly Lazy<IReadOnlyList<PairOutcome>> Cached = new(Run);

    /// <summary>Every pair's outcome, computed once per test run (the census transforms 279 requests).</summary>
    public static IReadOnlyList<PairOutcome> Outcomes => Cached.Value;

    /// <summary>The N of the note's "Byte-identical: N of M" line, or null when it has none.</summary>
    public static int? ClaimedIdentical(string note)
    {
        var m = System.Text.RegularExpressions.Regex.Match(note, @"Byte-identical: (\d+) of \d+");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Transforms every pair and says how each fared.</summary>
    private static IReadOnlyList<PairOutcome> Run()
    {
        var transformer = TransformData.Transformer();
        var outcomes = new List<PairOutcome>();
        foreach (var (template, name, srv, rtdsFile) in Pairs())
        {
            var expected = RtdsCorpus.Bytes(rtdsFile);
            var reason = Compare(transformer, template, name, expected);
            if (reason is not null && KnownRtdsInconsistencies.TryGetValue(name, out var known)) reason += "; " + known;
            outcomes.Add(new PairOutcome(name, srv, rtdsFile, reason is null, reason ?? ""));
        }
        return outcomes;
    }

    private static string? Compare(DuisTransformer transformer, string template, string name, byte[] expected)
    {
        try
        {
            var request = TransformData.Load(template);
            var counter = TransformData.Parse(expected).OriginatorCounter;
            var useCase = name.Split('_')[0];
            var got = transformer.Transform(request, TransformData.Context(request, counter, useCase, name)).Command;
            if (got.AsSpan().SequenceEqual(expected)) return null;
            var at = got.AsSpan().CommonPrefixLength(expected);
            if (DiffersOnlyInSignature(got, expected, at) is { } why) return why;
            return at == Math.Min(got.Length, expected.Length)
                ? $"length differs: {got.Length} bytes, RTDS {expected.Length} (identical up to byte {at})"
                : $"first difference at byte {at}: 0x{got[at]:X2}, RTDS 0x{expected[at]:X2} ({got.Length} bytes, RTDS {expected.Length})";
        }
        catch (DuisTransformException ex) when (ex.Error == TransformError.UnsupportedService)
        {
            return "unsupported SRV";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {FirstSentence(ex.Message)}";
        }
    }

    /// <summary>
    /// An ECDSA signature (random nonce) cannot repeat RTDS's bytes. When everything before it is identical and ours
    /// verifies with the originator's DS key (and the MAC over it with the device's KA key), the reason says so; the pair
    /// still counts as not identical.
    /// </summary>
    internal static string? DiffersOnlyInSignature(byte[] got, byte[] expected, int at)
    {
        if (got.Length != expected.Length) return null;
        var e = TransformData.Parse(expected);
        if (e.Signature != Protocol.Framing.SignatureKind.Ecdsa || at < e.SignatureOffset || at >= e.SignatureOffset + 64) return null;
        var g = TransformData.Parse(got);
        var verifier = new Protocol.Crypto.GbcsMessageVerifier(new Protocol.Net.Crypto.NetGbcsCrypto(), TransformData.Keys.Value,
            RtdsTestIdentities.AccessControlBroker);
        if (verifier.CheckSignature(g) != Protocol.Crypto.CheckResult.Valid || verifier.CheckMac(g) != Protocol.Crypto.CheckResult.Valid)
            return null;
        return $"identical up to the ECDSA signature of {Protocol.Encoding.Eui64.ToText(g.Originator)} at byte {at}: ECDSA is " +
            "randomised (RTDS's nonces are not RFC 6979); ours verifies with its DS key, and the MAC over it";
    }

    // Unsupported-request messages list every supported SRV; the first clause says what went wrong.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf("; supported:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).ReplaceLineEndings(" ");
    }

    /// <summary>The conformance note (docs/CONFORMANCE.md) for <paramref name="outcomes"/>.</summary>
    public static string Note(IReadOnlyList<PairOutcome> outcomes, int floor)
    {
        var identical = outcomes.Count(o => o.Identical);
        var sb = new StringBuilder();
        sb.AppendLine("# DUIS → GBCS conformance against the RTDS");
        sb.AppendLine();
        sb.AppendLine("Generated by `AllPairsConformanceTests` (tests/CommsHub.Dcc.Transform.Tests); regenerate with");
        sb.AppendLine("`COMMSHUB_WRITE_CONFORMANCE=1 dotnet test tests/CommsHub.Dcc.Transform.Tests -c Release --filter \"FullyQualifiedName~AllPairsConformance\"`.");
        sb.AppendLine();
        sb.AppendLine("Each DUIS template in `../shared/vectors/gbcs/duis/templates` whose name without `_REQUEST_DUIS.XML` names an RTDS");
        sb.AppendLine("`_PRECOMMAND_GBCS.HEX` (preferred) or `_COMMAND_GBCS.HEX` is transformed with the RTDS originator counter and");
        sb.AppendLine("compared byte for byte.");
        sb.AppendLine();
        sb.AppendLine($"**Byte-identical: {identical} of {outcomes.Count}** (the test's floor: {floor}).");
        sb.AppendLine();
        var unsupported = outcomes.Where(o => o.Reason == "unsupported SRV").ToList();
        var other = outcomes.Where(o => !o.Identical && o.Reason != "unsupported SRV").ToList();
        sb.AppendLine($"## Not identical for a reason other than an unsupported SRV ({other.Count})");
        sb.AppendLine();
        if (other.Count == 0) sb.AppendLine("None.");
        foreach (var o in other) sb.AppendLine($"- `{o.Name}` ({o.Srv}): {o.Reason}");
        sb.AppendLine();
        sb.AppendLine($"## Unsupported SRV ({unsupported.Count} pairs)");
        sb.AppendLine();
        foreach (var g in unsupported.GroupBy(o => o.Srv).OrderBy(g => SrvKey(g.Key), StringComparer.Ordinal))
            sb.AppendLine($"- {g.Key}: {string.Join(", ", g.Select(o => $"`{o.Name}`"))}");
        sb.AppendLine();
        sb.AppendLine($"## Byte-identical ({identical})");
        sb.AppendLine();
        foreach (var g in outcomes.Where(o => o.Identical).GroupBy(o => o.Srv).OrderBy(g => SrvKey(g.Key), StringComparer.Ordinal))
            sb.AppendLine($"- {g.Key}: {string.Join(", ", g.Select(o => $"`{o.Name}`"))}");
        return sb.ToString();
    }

    // DUIS numbering order: 3.3 before 11.2.
    private static string SrvKey(string srv) => string.Join(".", srv.Split('.').Select(p => p.PadLeft(3, '0')));
}

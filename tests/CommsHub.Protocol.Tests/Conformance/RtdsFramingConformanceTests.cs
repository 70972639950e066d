using System.Text.Json;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Conformance;

/// <summary>
/// Every RTDS 4.5.0 message parses to the header fields the independent index records, and re-encodes byte for byte.
/// </summary>
public class RtdsFramingConformanceTests
{
    [SharedDataFact]
    public void Corpus_is_complete()
    {
        Assert.Equal(1275, RtdsCorpus.Entries.Count);
    }

    [SharedDataFact]
    public void Every_message_parses_to_the_indexed_header_fields()
    {
        var failures = new List<string>();
        foreach (var e in RtdsCorpus.Entries)
        {
            try
            {
                var bytes = RtdsCorpus.Bytes(e);
                var m = GbcsFrameParser.Parse(bytes);
                Check(failures, e, "total length", e.TotalLength, m.Length);
                Check(failures, e, "cra", e.Cra, m.Cra.ToString().ToLowerInvariant());
                Check(failures, e, "message code", e.MessageCode, "0x" + m.MessageCode.ToString("X4"));
                Check(failures, e, "originator", e.Originator, m.OriginatorText);
                Check(failures, e, "target", e.Recipient, m.TargetText);
                Check(failures, e, "date-time length", e.DateTimeLength, m.DateTimeOffset < 0 ? 0 : 12);
                Check(failures, e, "other-info length", e.OtherInfoLength, m.OtherInfoLength);
                Check(failures, e, "srp id", e.SrpId, m.HasSupplementaryRemotePartyId ? Eui64.ToText(m.SupplementaryRemotePartyId) : "");
                Check(failures, e, "srp counter", e.SrpCounter, m.HasSupplementaryRemotePartyCounter ? Eui64.ToText(m.SupplementaryRemotePartyCounter) : "");
                Check(failures, e, "supp orig counter", e.SuppOrigCounter, m.HasSupplementaryOriginatorCounter ? Eui64.ToText(m.SupplementaryOriginatorCounter) : "");
                Check(failures, e, "srp ka cert", e.SrpKaCertLength, m.SupplementaryRemotePartyCertificateLength);
                Check(failures, e, "content length", e.ContentLength, m.ContentLength);
                Check(failures, e, "signature kind", ExpectedSignatureKind(e), m.Signature);
                Check(failures, e, "mac header", !e.Mac.StartsWith("none"), m.Form == GbcsForm.Mac);
                var counter = RtdsCorpus.DecodedTree(e).GetProperty("Grouping Header").GetProperty("Originator Counter").GetProperty("hex").GetString()!;
                Check(failures, e, "originator counter", counter.Replace(" ", ""), m.OriginatorCounter.ToString("X16"));
            }
            catch (Exception ex)
            {
                failures.Add($"{e.File}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(40)));
    }

    [SharedDataFact]
    public void Every_message_re_encodes_byte_identically()
    {
        var failures = new List<string>();
        foreach (var e in RtdsCorpus.Entries)
        {
            var bytes = RtdsCorpus.Bytes(e);
            var rebuilt = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(bytes)).Build();
            if (!bytes.AsSpan().SequenceEqual(rebuilt)) failures.Add(e.File);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {RtdsCorpus.Entries.Count} differ:\n" + string.Join("\n", failures.Take(20)));
    }

    [SharedDataFact]
    public void Forms_match_the_index_counts()
    {
        var forms = RtdsCorpus.Entries.GroupBy(e => GbcsFrameParser.Parse(RtdsCorpus.Bytes(e)).Form)
            .ToDictionary(g => g.Key, g => g.Count());
        // GBCS.md §2: 815 MAC headers (811 verifiable + 4 PPMID<->GSME), 282 signed without MAC (incl. 4 signature-only commands), 178 pre-commands.
        Assert.Equal(811 + 4, forms[GbcsForm.Mac]);
        Assert.Equal(282, forms[GbcsForm.Signed]);
        Assert.Equal(178, forms[GbcsForm.PreCommand]);
    }

    private static SignatureKind ExpectedSignatureKind(RtdsEntry e) => e.Signature switch
    {
        "absent" => SignatureKind.Absent,
        "null(00)" => SignatureKind.Null,
        _ => SignatureKind.Ecdsa,
    };

    private static void Check<T>(List<string> failures, RtdsEntry e, string field, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            failures.Add($"{e.File}: {field} expected {expected}, parsed {actual}");
    }
}

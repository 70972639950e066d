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
    /// Pairs that are not byte-identical, with why. The theory checks that each still differs (so this list cannot go
    /// stale); <see cref="Prints_the_GSME_pairs_matched_and_why_the_others_are_not"/> prints the first differing byte.
    /// </summary>
    private static readonly Dictionary<string, string> Unmatched = new(StringComparer.Ordinal)
    {
    };

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
    /// The RTDS context, with an inventory that knows which GBCS version the device speaks: RTDS has both GCS21d and
    /// GCS21k (GCS21e/GCS21m, GCS60/GCS60a) for the same request, and the device decides (IGbcsVariantInventory).
    /// </summary>
    private static TransformContext Context(Dcc.Duis.DuisRequest request, ulong counter, string useCase) =>
        TransformData.Context(request, counter, useCase) with { Inventory = new DeviceModelInventory(RtdsTestIdentities.CreateInventory(), useCase) };

    private sealed class DeviceModelInventory(IDeviceInventory inner, string supportedUseCase) : IDeviceInventory, Dcc.Transforms.Gsme.IGbcsVariantInventory
    {
        public Protocol.Asn1.DeviceType? DeviceTypeOf(ulong eui) => inner.DeviceTypeOf(eui);

        public ChfDeviceLogRecord? DeviceLogOf(ulong chf) => inner.DeviceLogOf(chf);

        public string? UseCaseVariant(ulong device, IReadOnlyList<string> candidates) =>
            candidates.Contains(supportedUseCase) ? supportedUseCase : null;
    }

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

    [GeneratedRegex(@"^(?<uc>GCS[A-Za-z0-9]+)_(?<srv>\d+(\.\d+)*)(?<variant>(_[A-Z0-9_]+?)?)_REQUEST_DUIS\.XML$")]
    private static partial Regex TemplateName();
}

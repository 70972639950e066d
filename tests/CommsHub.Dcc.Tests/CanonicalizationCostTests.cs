using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

/// <summary>
/// Canonicalisation is linear in its input (issue 11, item 8): a signed request carrying a megabyte of namespace
/// declarations, attributes or prefixes is canonicalised in a blink and refused like any bad signature, where comparing
/// every binding with every other used to hold a request for half a minute. The bounds are processor time of the test's
/// thread (<see cref="ThreadCpuClock"/>, so a loaded machine does not fail them), tens of times above what the linear
/// work takes and far below what the quadratic work took.
/// </summary>
public class CanonicalizationCostTests
{
    private const int OneMiB = 1024 * 1024;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(1);

    [SharedDataFact]
    public void A_signed_request_with_a_MiB_of_namespace_declarations_is_refused_within_a_second_as_a_bad_signature()
    {
        // The request names a real signer (issuer and serial are public) and is XSD-valid: only the digest can refuse it.
        var signed = SignedRequest();
        WarmUp(signed);
        var body = Encoding.UTF8.GetBytes(WithDeclarationsOnRoot(signed, OneMiB - 64));
        Assert.InRange(body.Length, OneMiB - 1024, OneMiB);

        DuisRejectedException? refused = null;
        var took = ThreadCpuClock.Measure(() => refused = Assert.Throws<DuisRejectedException>(() =>
        {
            var doc = SecureXml.Load(body);
            DuisData.Validator.Validate(doc);
            DuisSignature.Verify(DuisRequestParser.Parse(doc).Document, DuisData.Signers);
        }));
        Assert.Equal(DuisRejectReason.SignatureInvalid, refused!.Reason);
        Assert.Contains("does not verify", refused.Message, StringComparison.Ordinal);
        Assert.True(took < Generous, $"refused after {took} of processor time");
    }

    public static TheoryData<string> HostileShapes => new()
    {
        "declarations on the root, inherited by nested elements",
        "declarations on every element",
        "attributes on one element",
        "prefixed attributes, each in its own namespace",
    };

    [Theory]
    [MemberData(nameof(HostileShapes))]
    public void A_MiB_of_declarations_attributes_or_prefixes_is_canonicalised_in_linear_time(string shape)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(Hostile(shape, OneMiB));
        DomCanonicalizer.TryDigest(doc, null, exclusive: false, new byte[32]); // JIT, not the cost under test
        foreach (var exclusive in new[] { false, true })
        {
            byte[]? apex = null;
            var took = ThreadCpuClock.Measure(() =>
            {
                Assert.True(DomCanonicalizer.TryDigest(doc, null, exclusive, new byte[32]));
                apex = DomCanonicalizer.TryExclusive((XmlElement)doc.DocumentElement!.LastChild!);
            });
            Assert.NotNull(apex);
            Assert.True(took < Generous, $"{shape} ({(exclusive ? "exclusive" : "inclusive")}): {took} of processor time");
        }
    }

    [Theory]
    [MemberData(nameof(HostileShapes))]
    public void Many_declarations_and_attributes_render_as_the_platform_renders_them(string shape)
    {
        // Within the platform's own limits (512 attributes and declarations per element, 64 levels), so its rendering is
        // there to compare with.
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(Hostile(shape, 8 * 1024, levels: 40));
        foreach (var exclusive in new[] { false, true })
        {
            Transform transform = exclusive ? new XmlDsigExcC14NTransform() : new XmlDsigC14NTransform();
            transform.LoadInput(doc);
            using var stream = (Stream)transform.GetOutput(typeof(Stream));
            using var platform = new MemoryStream();
            stream.CopyTo(platform);
            Assert.Equal(Encoding.UTF8.GetString(platform.ToArray()),
                Encoding.UTF8.GetString(DomCanonicalizer.TryCanonicalize(doc, null, exclusive)!));
        }
        var apex = (XmlElement)doc.DocumentElement!.LastChild!;
        Assert.Equal(Encoding.UTF8.GetString(DuisSignature.PlatformCanonicalSignedInfo(apex)), Encoding.UTF8.GetString(DomCanonicalizer.TryExclusive(apex)!));
    }

    // A document of about `bytes` characters in one of the hostile shapes, nesting at most `levels` deep; the root's last
    // child is an element. Elements carry at most 512 prefixed attributes, as SecureXml lets through.
    private static string Hostile(string shape, int bytes, int levels = 100)
    {
        var sb = new StringBuilder(bytes + 256);
        switch (shape)
        {
            case "declarations on the root, inherited by nested elements":
                sb.Append("<r xmlns=\"urn:d\"");
                for (var i = 0; sb.Length < bytes - 2048; i++) sb.Append(" xmlns:n").Append(i).Append("=\"urn:n\"");
                sb.Append('>');
                for (var i = 0; i < levels; i++) sb.Append("<n7:e n3:a=\"1\">");
                for (var i = 0; i < levels; i++) sb.Append("</n7:e>");
                sb.Append("<n5:last/></r>");
                break;
            case "declarations on every element":
                // Each level re-declares the same prefixes, half with a new URI: inclusive renders those, exclusive none.
                var perLevel = Math.Min(500, bytes / levels / 20);
                sb.Append("<r>");
                for (var level = 0; level < levels; level++)
                {
                    sb.Append("<e");
                    for (var i = 0; i < perLevel; i++) sb.Append(" xmlns:p").Append(i).Append("=\"urn:").Append(i % 2 == 0 ? level : 0).Append('"');
                    sb.Append('>');
                }
                for (var level = 0; level < levels; level++) sb.Append("</e>");
                sb.Append("<last/></r>");
                break;
            case "attributes on one element":
                // In reverse order, so sorting them is real work (SecureXml refuses this many; the DOM may be built otherwise).
                sb.Append("<r><last");
                var count = bytes / 20;
                for (var i = count; i > 0; i--) sb.Append(" a").Append(i).Append("=\"v\"");
                sb.Append("/></r>");
                break;
            case "prefixed attributes, each in its own namespace":
                // Nested elements, each with its own prefixes and attributes in them: exclusive renders every one.
                var perElement = Math.Min(250, bytes / levels / 40);
                sb.Append("<r>");
                for (var level = 0; level < levels; level++)
                {
                    sb.Append("<e");
                    for (var i = perElement; i > 0; i--)
                        sb.Append(" xmlns:q").Append(level).Append('_').Append(i).Append("=\"urn:q").Append(i).Append("\" q").Append(level).Append('_').Append(i).Append(":a=\"v\"");
                    sb.Append('>');
                }
                for (var level = 0; level < levels; level++) sb.Append("</e>");
                sb.Append("<last/></r>");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape));
        }
        return sb.ToString();
    }

    // `xmlns:nN` declarations added to the root's start tag until the document is `bytes` long.
    private static string WithDeclarationsOnRoot(string signed, int bytes)
    {
        var at = signed.IndexOf("<sr:Request", StringComparison.Ordinal) + "<sr:Request".Length;
        var sb = new StringBuilder(bytes);
        sb.Append(signed, 0, at);
        for (var i = 0; sb.Length + (signed.Length - at) + 24 < bytes; i++) sb.Append(" xmlns:n").Append(i).Append("=\"urn:n\"");
        sb.Append(signed, at, signed.Length - at);
        return sb.ToString();
    }

    // Schemas compiled, code jitted and the signer's key imported: the clock measures the request alone.
    private static void WarmUp(string signed)
    {
        var doc = SecureXml.LoadXml(signed);
        DuisData.Validator.Validate(doc);
        DuisSignature.Verify(doc, DuisData.Signers);
    }

    private static string SignedRequest()
    {
        var doc = DuisData.LoadUnsigned("templates/ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML");
        using var signer = DuisData.Signer("xml-sign-90B3D51F30010000-ds");
        DuisSignature.Sign(doc, signer);
        return doc.OuterXml;
    }
}

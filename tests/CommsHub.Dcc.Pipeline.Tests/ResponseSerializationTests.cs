using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// <see cref="DuisResponseWriter.Serialize"/> writes a declaration plus the canonical form: the bytes a user receives load
/// with the secure loader, pass the schema, verify with the reference (SignedXml) verifier, and hold the same document as
/// the XmlWriter serialisation; documents with comments keep them (XmlWriter path).
/// </summary>
public sealed class ResponseSerializationTests : IDisposable
{
    private readonly Rig _rig = new();

    public void Dispose() => _rig.Dispose();

    public static IEnumerable<object[]> Kinds() => [["synchronous"], ["pre-command"], ["device response"], ["alert"]];

    private XmlDocument Build(string kind)
    {
        var header = new DuisHeader(new RequestId(Rig.Supplier, Rig.Esme, 1000), 1, "4.1", "4.1.1", null, null);
        switch (kind)
        {
            case "synchronous":
                return _rig.Writer.Synchronous(header, "5.4", "I99");
            case "pre-command":
                var holder = new XmlDocument();
                var pre = holder.CreateElement("sr", "PreCommand", DuisNamespaces.ServiceUserGateway);
                pre.AppendChild(holder.CreateElement("sr", "GBCSVersion", DuisNamespaces.ServiceUserGateway))!.InnerText = "0300";
                pre.AppendChild(holder.CreateElement("sr", "GBCSPayload", DuisNamespaces.ServiceUserGateway))!.InnerText = "3wgAAAAAAAA=";
                return _rig.Writer.Synchronous(header, "5.4", "I0", pre);
            case "device response":
                return _rig.Writer.DeviceResponse(header.RequestId, "4.1", "4.1.1", "I0", [0xDD, 0x00, 0x01, 0x02]);
            default:
                return _rig.Writer.DeviceAlert(Rig.Esme, Rig.Supplier, 7, 0x8F0C, [0xDF, 0x09, 0x01]);
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Kinds))]
    public void Sent_bytes_are_the_signed_document_and_verify_with_SignedXml(string kind)
    {
        var document = Build(kind);
        var bytes = DuisResponseWriter.Serialize(document);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sr:Response", Encoding.UTF8.GetString(bytes));

        var received = SecureXml.Load(bytes);
        _rig.Schema.Validate(received);
        Assert.Equal(_rig.Dsp.Certificate.Thumbprint, DuisSignature.VerifyWithSignedXml(received, _rig.DspDirectory).Signer.Thumbprint);

        // The same document as XmlWriter would have sent (compared as canonical forms of what each one loads to).
        var viaWriter = SecureXml.LoadXml(document.OuterXml);
        Assert.Equal(DomCanonicalizer.TryCanonicalize(viaWriter, null, exclusive: false), DomCanonicalizer.TryCanonicalize(received, null, exclusive: false));
    }

    [SharedDataFact]
    public void A_document_with_a_comment_keeps_it()
    {
        var document = Build("synchronous");
        document.DocumentElement!.PrependChild(document.CreateComment("kept"));
        var text = Encoding.UTF8.GetString(DuisResponseWriter.Serialize(document));
        Assert.Contains("<!--kept-->", text);
    }
}

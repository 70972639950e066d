using System.Globalization;
using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Cloud.Duis;

/// <summary>
/// Builds DUIS 5.4 synchronous responses (<c>sr:Response</c> with Header RequestID, ResponseCode, ResponseDateTime
/// and Body ResponseMessage{ServiceReference, ServiceReferenceVariant, [payload]}) and signs them with the DSP key.
/// </summary>
public sealed class DuisResponseBuilder(DuisSigner dspSigner, TimeProvider? time = null)
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    // ECDsa instances are not documented as safe for concurrent use; signing is short, so serialise it.
    private readonly Lock _signLock = new();

    /// <summary>Builds and signs the response to <paramref name="header"/>.</summary>
    public XmlDocument Build(DuisHeader header, string schemaVersion, string responseCode, XmlElement? payload = null)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        var root = doc.CreateElement("sr", DuisNamespaces.ResponseRoot, Sr);
        root.SetAttribute("xmlns:sr", Sr);
        root.SetAttribute("xmlns:ra", DuisNamespaces.ResponseAndAlert);
        root.SetAttribute("schemaVersion", string.IsNullOrEmpty(schemaVersion) ? "5.4" : schemaVersion);
        doc.AppendChild(doc.CreateXmlDeclaration("1.0", "UTF-8", null));
        doc.AppendChild(root);

        var head = Append(root, "Header");
        Append(head, "RequestID", header.RequestId.ToString());
        Append(head, "ResponseCode", responseCode);
        Append(head, "ResponseDateTime", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        var message = Append(Append(root, "Body"), "ResponseMessage");
        Append(message, "ServiceReference", header.ServiceReference);
        Append(message, "ServiceReferenceVariant", header.ServiceReferenceVariant);
        if (payload is not null) message.AppendChild(doc.ImportNode(payload, deep: true));

        lock (_signLock) DuisSignature.Sign(doc, dspSigner);
        return doc;
    }

    /// <summary>The bytes to send: UTF-8 without BOM, not re-indented (whitespace is covered by the signature).</summary>
    public static byte[] Serialize(XmlDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            document.Save(writer);
        return stream.ToArray();
    }

    private static XmlElement Append(XmlElement parent, string name, string? text = null)
    {
        var e = parent.OwnerDocument.CreateElement("sr", name, Sr);
        if (text is not null) e.InnerText = text;
        parent.AppendChild(e);
        return e;
    }
}

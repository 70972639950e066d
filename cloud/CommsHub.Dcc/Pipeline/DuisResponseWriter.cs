using System.Globalization;
using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// Builds DUIS 5.4 <c>sr:Response</c> documents (synchronous answers, asynchronous device responses, DeviceAlertMessage)
/// in the shape of the DCC Boxed samples, and signs them with the DSP XML-sign key. Thread-safe.
/// </summary>
public sealed class DuisResponseWriter
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;
    private readonly DuisSigner _signer;
    private readonly TimeProvider _time;
    // ECDsa instances are not documented as safe for concurrent use; signing takes tens of microseconds, so serialise it.
    private readonly Lock _signLock = new();
    // The two answers of every device request (I99, I0), cut from the DOM path the first time each is written.
    private readonly Lazy<SignedResponseTemplate> _synchronousTemplate, _deviceTemplate;

    /// <summary>Creates the writer signing with <paramref name="dspSigner"/>; times from <paramref name="time"/> (the system clock when null).</summary>
    public DuisResponseWriter(DuisSigner dspSigner, TimeProvider? time = null)
    {
        _signer = dspSigner ?? throw new ArgumentNullException(nameof(dspSigner));
        _time = time ?? TimeProvider.System;
        _synchronousTemplate = new(() => SignedResponseTemplate.Create(6, f => BuildSynchronous(f, null), d => Sign(d)));
        _deviceTemplate = new(() => SignedResponseTemplate.Create(7, f => BuildDeviceResponse(f[..6], f[6], null), d => Sign(d)));
    }

    /// <summary>Schema version written on responses with no request to copy it from (alerts).</summary>
    public string DefaultSchemaVersion { get; init; } = "5.4";

    /// <summary>
    /// The synchronous answer: Header{RequestID, ResponseCode, ResponseDateTime}, Body/ResponseMessage{ServiceReference,
    /// ServiceReferenceVariant, [payload]}; <paramref name="payload"/> is imported (e.g. sr:PreCommand, sr:DSPInventory).
    /// </summary>
    public XmlDocument Synchronous(DuisHeader header, string? schemaVersion, string responseCode, XmlElement? payload = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Sign(BuildSynchronous([Version(schemaVersion), header.RequestId.ToString(), responseCode, Now(), header.ServiceReference,
            header.ServiceReferenceVariant], payload));
    }

    /// <summary>
    /// <see cref="Synchronous"/> as sent (<see cref="Serialize"/>'s bytes). Without a payload it is written from a template
    /// cut once from the DOM path (<see cref="SignedResponseTemplate"/>: no document is built); the same bytes, but for the
    /// randomised ECDSA signature value.
    /// </summary>
    public byte[] SynchronousBytes(DuisHeader header, string? schemaVersion, string responseCode, XmlElement? payload = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        string[] fields = [Version(schemaVersion), header.RequestId.ToString(), responseCode, Now(), header.ServiceReference,
            header.ServiceReferenceVariant];
        return (payload is null ? _synchronousTemplate.Value.TryRender(fields, _signer, _signLock) : null)
            ?? Serialize(Sign(BuildSynchronous(fields, payload)));
    }

    // Fields: schemaVersion, RequestID, ResponseCode, ResponseDateTime, ServiceReference, ServiceReferenceVariant.
    private XmlDocument BuildSynchronous(string[] f, XmlElement? payload)
    {
        var (doc, root) = NewResponse(f[0]);
        var head = Append(root, "Header");
        Append(head, "RequestID", f[1]);
        Append(head, "ResponseCode", f[2]);
        Append(head, "ResponseDateTime", f[3]);
        var message = Append(Append(root, "Body"), "ResponseMessage");
        Append(message, "ServiceReference", f[4]);
        Append(message, "ServiceReferenceVariant", f[5]);
        if (payload is not null) message.AppendChild(doc.ImportNode(payload, deep: true));
        return doc;
    }

    /// <summary>
    /// An asynchronous Service Response: RequestID, ResponseID (device:user:counter, as in readfw-response.xml), the code,
    /// and for I0 the device's GBCS response as base64 <c>sr:GBCSPayload</c> (null for E20/E21, which carry none). The
    /// answer to a run of a DCC schedule (<paramref name="scheduleId"/>) is a <c>sr:DSPScheduledMessage</c> (GBCSPayload and
    /// DSPScheduleID), or the bare <c>sr:DSPScheduleID</c> when there is no payload.
    /// </summary>
    public XmlDocument DeviceResponse(RequestId requestId, string serviceReference, string srv, string responseCode, byte[]? gbcs, long? scheduleId = null) =>
        Sign(BuildDeviceResponse(DeviceFields(requestId, serviceReference, srv, responseCode), Base64(gbcs), scheduleId?.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// <see cref="DeviceResponse"/> as sent (<see cref="Serialize"/>'s bytes). With a GBCS payload and no schedule (an I0)
    /// it is written from a template cut once from the DOM path (<see cref="SignedResponseTemplate"/>: no document is built);
    /// the same bytes, but for the randomised ECDSA signature value.
    /// </summary>
    public byte[] DeviceResponseBytes(RequestId requestId, string serviceReference, string srv, string responseCode, byte[]? gbcs, long? scheduleId = null)
    {
        var fields = DeviceFields(requestId, serviceReference, srv, responseCode);
        var payload = Base64(gbcs);
        return (payload is not null && scheduleId is null ? _deviceTemplate.Value.TryRender([.. fields, payload], _signer, _signLock) : null)
            ?? Serialize(Sign(BuildDeviceResponse(fields, payload, scheduleId?.ToString(CultureInfo.InvariantCulture))));
    }

    private static string? Base64(byte[]? bytes) => bytes is null ? null : Convert.ToBase64String(bytes);

    // Fields: RequestID, ResponseID, ResponseCode, ResponseDateTime, ServiceReference, ServiceReferenceVariant.
    private string[] DeviceFields(RequestId requestId, string serviceReference, string srv, string responseCode) =>
    [
        requestId.ToString(), new RequestId(requestId.Target, requestId.Originator, requestId.Counter).ToString(), responseCode, Now(),
        serviceReference, srv,
    ];

    private XmlDocument BuildDeviceResponse(string[] f, string? gbcs, string? scheduleId)
    {
        var (doc, root) = NewResponse(DefaultSchemaVersion);
        var head = Append(root, "Header");
        Append(head, "RequestID", f[0]);
        Append(head, "ResponseID", f[1]);
        Append(head, "ResponseCode", f[2]);
        Append(head, "ResponseDateTime", f[3]);
        var message = Append(Append(root, "Body"), "ResponseMessage");
        Append(message, "ServiceReference", f[4]);
        Append(message, "ServiceReferenceVariant", f[5]);
        if (gbcs is not null && scheduleId is not null)
        {
            var scheduled = Append(message, "DSPScheduledMessage");
            Append(scheduled, "GBCSPayload", gbcs);
            Append(scheduled, "DSPScheduleID", scheduleId);
        }
        else if (gbcs is not null) Append(message, "GBCSPayload", gbcs);
        else if (scheduleId is not null) Append(message, "DSPScheduleID", scheduleId);
        return doc;
    }

    /// <summary>
    /// A DeviceAlertMessage: ResponseID = device:recipient:alert counter (no RequestID: nothing was requested), I0,
    /// Body/DeviceAlertMessage{AlertCode (4 hex digits), GBCSPayload}.
    /// </summary>
    public XmlDocument DeviceAlert(ulong device, ulong recipient, ulong counter, int alertCode, byte[] gbcs)
    {
        ArgumentNullException.ThrowIfNull(gbcs);
        var (_, root) = NewResponse(DefaultSchemaVersion);
        var head = Append(root, "Header");
        Append(head, "ResponseID", new RequestId(device, recipient, counter).ToString());
        Append(head, "ResponseCode", "I0");
        Append(head, "ResponseDateTime", Now());
        var alert = Append(Append(root, "Body"), "DeviceAlertMessage");
        Append(alert, "AlertCode", (alertCode & 0xFFFF).ToString("X4", CultureInfo.InvariantCulture));
        Append(alert, "GBCSPayload", Convert.ToBase64String(gbcs));
        return Sign(root.OwnerDocument);
    }

    /// <summary>The bytes to send: UTF-8 without BOM, not re-indented (whitespace is covered by the signature).</summary>
    /// <remarks>
    /// A response is written as an XML declaration followed by its canonical form (<see cref="DomCanonicalizer"/>, one walk
    /// of the tree, the Signature included): that is a faithful serialisation for the documents this writer builds (no
    /// comments to drop), and what the receiver canonicalises comes back byte for byte. Anything the canonicaliser
    /// declines is written by <see cref="XmlWriter"/>.
    /// </remarks>
    public static byte[] Serialize(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!HasComments(document) && DomCanonicalizer.TryCanonicalize(document, null, exclusive: false) is { } canonical)
        {
            var bytes = new byte[Declaration.Length + canonical.Length];
            Declaration.CopyTo(bytes, 0);
            canonical.CopyTo(bytes, Declaration.Length);
            return bytes;
        }
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            document.Save(writer);
        return stream.ToArray();
    }

    private static readonly byte[] Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"u8.ToArray();

    // Canonical form drops comments; a document carrying any is written by XmlWriter instead.
    private static bool HasComments(XmlNode node)
    {
        for (var n = node.FirstChild; n is not null; n = n.NextSibling)
        {
            if (n.NodeType == XmlNodeType.Comment || (n.HasChildNodes && HasComments(n))) return true;
        }
        return false;
    }

    private string Version(string? schemaVersion) => string.IsNullOrEmpty(schemaVersion) ? DefaultSchemaVersion : schemaVersion;

    private (XmlDocument, XmlElement) NewResponse(string schemaVersion)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.AppendChild(doc.CreateXmlDeclaration("1.0", "UTF-8", null));
        var root = doc.CreateElement("sr", DuisNamespaces.ResponseRoot, Sr);
        root.SetAttribute("xmlns:sr", Sr);
        root.SetAttribute("xmlns:ra", DuisNamespaces.ResponseAndAlert);
        root.SetAttribute("schemaVersion", schemaVersion);
        doc.AppendChild(root);
        return (doc, root);
    }

    private XmlDocument Sign(XmlDocument doc)
    {
        lock (_signLock) DuisSignature.Sign(doc, _signer);
        return doc;
    }

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static XmlElement Append(XmlElement parent, string name, string? text = null)
    {
        var e = parent.OwnerDocument.CreateElement("sr", name, Sr);
        if (text is not null) e.InnerText = text;
        parent.AppendChild(e);
        return e;
    }
}

using System.Globalization;
using System.Xml;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Reads the header of a DUIS Service Request. Run it after schema validation: the schema guarantees the
/// element order and types, this adds the rules the schema cannot state (CommandVariant range, counter range).
/// </summary>
public static class DuisRequestParser
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;

    /// <summary>Parses a request document.</summary>
    /// <exception cref="DuisRejectedException">wrong root or a header field missing or invalid.</exception>
    public static DuisRequest Parse(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.DocumentElement;
        if (root is null || root.NamespaceURI != Sr || root.LocalName != DuisNamespaces.RequestRoot)
            throw new DuisRejectedException(DuisRejectReason.WrongRoot,
                $"expected a DUIS sr:Request, found {(root is null ? "no root" : $"{{{root.NamespaceURI}}}{root.LocalName}")}");
        var header = Child(root, "Header") ?? throw Bad("sr:Header is missing");
        var body = Child(root, "Body") ?? throw Bad("sr:Body is missing");
        var bodyElements = body.ChildNodes.OfType<XmlElement>().ToList();
        if (bodyElements.Count != 1) throw Bad($"sr:Body must hold exactly one element, found {bodyElements.Count}");

        var requestId = RequestId.Parse(Text(header, "RequestID") ?? throw Bad("sr:RequestID is missing"));
        var cvText = Text(header, "CommandVariant") ?? throw Bad("sr:CommandVariant is missing");
        if (!int.TryParse(cvText, NumberStyles.None, CultureInfo.InvariantCulture, out var cv) || cv is < 1 or > 8)
            throw Bad($"CommandVariant '{cvText}' is not 1..8");
        var sr = Text(header, "ServiceReference") ?? throw Bad("sr:ServiceReference is missing");
        var srv = Text(header, "ServiceReferenceVariant") ?? throw Bad("sr:ServiceReferenceVariant is missing");
        bool? first = null;
        if (Text(header, "FirstInSequence") is { } f)
            first = f is "true" or "1" ? true : f is "false" or "0" ? false : throw Bad($"FirstInSequence '{f}' is not a boolean");
        RequestId? preceding = Text(header, "PrecedingServiceRequestID") is { } p ? RequestId.Parse(p) : null;

        var version = root.GetAttribute("schemaVersion");
        return new DuisRequest(document, version, new DuisHeader(requestId, cv, sr, srv, first, preceding), bodyElements[0]);
    }

    private static XmlElement? Child(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name && e.NamespaceURI == Sr);

    private static string? Text(XmlElement parent, string name) => Child(parent, name)?.InnerText.Trim();

    private static DuisRejectedException Bad(string message) => new(DuisRejectReason.BadHeader, message);
}

using System.Text;

namespace CommsHub.TestSupport;

/// <summary>Where <see cref="DeepXml"/> puts its nesting.</summary>
public enum DeepXmlShape
{
    /// <summary>A DUIS root holding plain <c>&lt;a&gt;</c> inside <c>&lt;a&gt;</c>.</summary>
    Elements,
    /// <summary>A DUIS root holding nested elements that each declare a namespace and carry attributes.</summary>
    ElementsWithAttributes,
    /// <summary>Nesting inside the ds:KeyInfo of a signed request (the XMLDSig schema allows foreign content there).</summary>
    InsideSignature,
    /// <summary>Nesting inside the service element of a request's sr:Body.</summary>
    InsideBody,
}

/// <summary>
/// Hostile XML for the nesting limits: documents that nest elements as deep as a byte budget allows, in the shapes an
/// attacker would try (issue 11, item 1: 20,000 levels used to overflow the stack).
/// </summary>
public static class DeepXml
{
    private const string Sr = "http://www.dccinterface.co.uk/ServiceUserGateway";

    /// <summary>
    /// A document of at most <paramref name="bytes"/> UTF-8 bytes in <paramref name="shape"/>. The shapes that go inside a
    /// request (<see cref="DeepXmlShape.InsideSignature"/>, <see cref="DeepXmlShape.InsideBody"/>) need
    /// <paramref name="signedRequest"/>, a signed DUIS request with prefixes <c>sr:</c> and <c>ds:</c>.
    /// </summary>
    public static byte[] Build(DeepXmlShape shape, int bytes, string? signedRequest = null)
    {
        switch (shape)
        {
            case DeepXmlShape.Elements:
                return Wrap($"<sr:Request xmlns:sr=\"{Sr}\" schemaVersion=\"5.4\">", "</sr:Request>", "<a>", "</a>", bytes);
            case DeepXmlShape.ElementsWithAttributes:
                return Wrap($"<sr:Request xmlns:sr=\"{Sr}\" schemaVersion=\"5.4\">", "</sr:Request>",
                    "<p:a xmlns:p=\"urn:deep\" xmlns=\"urn:d\" p:n=\"1\" b=\"2\">", "</p:a>", bytes);
            case DeepXmlShape.InsideSignature:
            {
                var text = signedRequest ?? throw new ArgumentNullException(nameof(signedRequest));
                var at = text.IndexOf("</ds:KeyInfo>", StringComparison.Ordinal);
                if (at < 0) throw new ArgumentException("the request has no ds:KeyInfo", nameof(signedRequest));
                return Wrap(text[..at] + "<x:a xmlns:x=\"urn:deep\">", "</x:a>" + text[at..], "<x:a>", "</x:a>", bytes);
            }
            case DeepXmlShape.InsideBody:
            {
                var text = signedRequest ?? throw new ArgumentNullException(nameof(signedRequest));
                var body = text.IndexOf("<sr:Body>", StringComparison.Ordinal);
                if (body < 0) throw new ArgumentException("the request has no sr:Body", nameof(signedRequest));
                // Inside the first element of the body: the service element (made non-empty if it was written empty).
                var start = text.IndexOf("<sr:", body + "<sr:Body>".Length, StringComparison.Ordinal);
                var end = text.IndexOf('>', start);
                var name = text[(start + 1)..end].TrimEnd('/').Split(' ')[0];
                var head = text[..end].TrimEnd('/') + ">";
                var tail = (text[end - 1] == '/' ? $"</{name}>" : "") + text[(end + 1)..];
                return Wrap(head, tail, "<sr:Deep>", "</sr:Deep>", bytes);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(shape));
        }
    }

    /// <summary>Levels of <paramref name="open"/>/<paramref name="close"/> nesting between head and tail, filling the budget.</summary>
    private static byte[] Wrap(string head, string tail, string open, string close, int bytes)
    {
        var fixedBytes = Encoding.UTF8.GetByteCount(head) + Encoding.UTF8.GetByteCount(tail);
        var levels = (bytes - fixedBytes) / (Encoding.UTF8.GetByteCount(open) + Encoding.UTF8.GetByteCount(close));
        if (levels < 1) throw new ArgumentOutOfRangeException(nameof(bytes), $"{bytes} bytes hold no level of {open}");
        var sb = new StringBuilder(bytes);
        sb.Append(head);
        for (var i = 0; i < levels; i++) sb.Append(open);
        for (var i = 0; i < levels; i++) sb.Append(close);
        sb.Append(tail);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Plain nesting: <paramref name="levels"/> elements under a DUIS root (the root is level 1).</summary>
    public static string Levels(int levels)
    {
        var sb = new StringBuilder();
        sb.Append($"<sr:Request xmlns:sr=\"{Sr}\">");
        for (var i = 1; i < levels; i++) sb.Append("<a>");
        for (var i = 1; i < levels; i++) sb.Append("</a>");
        return sb.Append("</sr:Request>").ToString();
    }
}

using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Cli.Bench;

/// <summary>
/// The three fields a bench user reads from each verified answer, found in one walk of the document: the text of the
/// first <c>sr:RequestID</c>, <c>sr:ResponseCode</c> and <c>sr:ResponseID</c> in document order, as
/// <see cref="CommsHub.Cli.Commands.DuisAnswer.Field"/> finds each (that is one <c>GetElementsByTagName</c> walk, and a
/// node-change listener on the document, per field).
/// </summary>
/// <param name="RequestId">The first sr:RequestID's text, or null.</param>
/// <param name="ResponseCode">The first sr:ResponseCode's text, or null.</param>
/// <param name="ResponseId">The first sr:ResponseID's text, or null.</param>
internal sealed record AnswerFields(string? RequestId, string? ResponseCode, string? ResponseId)
{
    /// <summary>Reads the fields of <paramref name="document"/> (a loop over the tree's links: no recursion).</summary>
    public static AnswerFields Read(XmlDocument document)
    {
        string? requestId = null, responseCode = null, responseId = null;
        if (document.DocumentElement is not { } root) return new AnswerFields(null, null, null);
        XmlNode node = root;
        while (true)
        {
            if (node is XmlElement e && e.NamespaceURI == DuisNamespaces.ServiceUserGateway)
            {
                switch (e.LocalName)
                {
                    case "RequestID": requestId ??= e.InnerText; break;
                    case "ResponseCode": responseCode ??= e.InnerText; break;
                    case "ResponseID": responseId ??= e.InnerText; break;
                }
                if (requestId is not null && responseCode is not null && responseId is not null) break;
            }
            if (node is XmlElement && node.FirstChild is { } child)
            {
                node = child;
                continue;
            }
            while (node != root && node.NextSibling is null) node = node.ParentNode!;
            if (node == root) break;
            node = node.NextSibling!;
        }
        return new AnswerFields(requestId, responseCode, responseId);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using CommsHub.Cli.Commands;
using CommsHub.Cli.Inspection;
using CommsHub.Dcc.Duis;

namespace CommsHub.Cli.Requests;

/// <summary>
/// One DUIS answer decoded for a person or a script: the response code, the body's other fields (name = value, e.g.
/// an 8.2 inventory's device status) and the GBCS payload through <see cref="GbcsInspector"/> (message code, use case
/// name, originator/target, MAC and signature checks), plus a use case's own decoding where <c>send</c> has one
/// (the 4.1.1 registers).
/// </summary>
/// <param name="ResponseCode">sr:ResponseCode (I0, I99, E...).</param>
/// <param name="Fields">The body's leaf elements other than the GBCS payload, in document order.</param>
/// <param name="Gbcs">The payload's inspection, or null when there is none.</param>
/// <param name="Decoded">The use case's decoded values (e.g. "active import 10 Wh"), or null.</param>
internal sealed record AnswerDescription(string? ResponseCode, IReadOnlyList<KeyValuePair<string, string>> Fields, InspectionResult? Gbcs, string? Decoded)
{
    /// <summary>Decodes <paramref name="answer"/>; <paramref name="inspector"/> and <paramref name="decode"/> may be null.</summary>
    public static AnswerDescription Of(DuisAnswer answer, GbcsInspector? inspector, Func<byte[], string?>? decode)
    {
        var fields = new List<KeyValuePair<string, string>>();
        byte[]? gbcs = null;
        if (answer.Document.GetElementsByTagName("Body", DuisNamespaces.ServiceUserGateway) is { Count: > 0 } bodies)
        {
            foreach (var leaf in ((XmlElement)bodies[0]!).ChildNodes.OfType<XmlElement>().SelectMany(Leaves))
            {
                if (leaf.LocalName == "GBCSPayload")
                {
                    try { gbcs = Convert.FromBase64String(leaf.InnerText.Trim()); }
                    catch (FormatException) { fields.Add(new("GBCSPayload", "(not base64)")); }
                }
                else fields.Add(new(leaf.LocalName, leaf.InnerText.Trim()));
            }
        }
        InspectionResult? inspection = null;
        if (gbcs is not null)
            inspection = inspector?.Inspect(new InspectionInput("GBCSPayload", gbcs, null))
                         ?? new InspectionResult { Source = "GBCSPayload", Error = "no keys to check it" };
        return new AnswerDescription(answer.Field("ResponseCode"), fields, inspection, gbcs is null ? null : decode?.Invoke(gbcs));
    }

    /// <summary>Readable lines, indented under a first line the caller prints.</summary>
    public string ToText()
    {
        var s = new StringBuilder();
        foreach (var (name, value) in Fields) s.Append("  ").Append(name).Append(": ").AppendLine(value);
        if (Gbcs is { } g)
        {
            if (g.MessageCode is not null)
                s.Append("  GBCS: ").Append(g.MessageCode).Append(' ').Append(g.UseCase ?? "(unknown use case)")
                 .Append(", ").Append(g.Form).Append(' ').Append(g.Cra).Append(" from ").Append(g.Originator).Append(" to ").Append(g.Target)
                 .Append(", counter ").Append(g.Counter).Append(", ").Append(g.ContentLength).AppendLine(" bytes of content");
            if (g.MessageCode is not null) s.Append("  MAC: ").Append(g.Mac).Append(", signature: ").AppendLine(g.Signature);
            if (g.Error is not null) s.Append("  GBCS error: ").AppendLine(g.Error);
        }
        if (Decoded is not null) s.Append("  decoded: ").AppendLine(Decoded);
        return s.ToString();
    }

    /// <summary>The same as one JSON object (the GBCS part as <c>gbcs inspect</c> prints it).</summary>
    public JsonObject ToJson()
    {
        var fields = new JsonObject();
        foreach (var (name, value) in Fields) fields[name] = value;
        return new JsonObject
        {
            ["responseCode"] = ResponseCode,
            ["fields"] = fields,
            ["gbcs"] = Gbcs is null ? null : JsonNode.Parse(InspectionJson.Serialize(Gbcs)),
            ["decoded"] = Decoded,
        };
    }

    private static IEnumerable<XmlElement> Leaves(XmlElement e)
    {
        var children = e.ChildNodes.OfType<XmlElement>().ToList();
        if (children.Count == 0)
        {
            yield return e;
            yield break;
        }
        // Bounded: SecureXml loaded the answer with its element depth limit (SecureXmlOptions.MaxDepth).
        foreach (var c in children)
            foreach (var leaf in Leaves(c))
                yield return leaf;
    }
}

using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;

namespace CommsHub.Cli.Requests;

/// <summary>
/// Builds the unsigned DUIS Service Request that <c>commshub send</c> sends: from an SRV's definition
/// (<see cref="SrvRequestCatalog"/>) or from a template file, with the header filled for this user and target and
/// <c>--set</c> overrides applied. Signing is the caller's (<see cref="Commands.DuisClient.Sign"/>).
/// </summary>
internal static class DuisRequestBuilder
{
    private const string Sr = DuisNamespaces.ServiceUserGateway;

    /// <summary>The request for <paramref name="srv"/> built from its definition.</summary>
    /// <exception cref="SendUsageException">The SRV is not one <c>send</c> builds.</exception>
    public static XmlDocument FromSrv(string srv, SrvRequestArguments arguments)
    {
        var definition = SrvRequestCatalog.Find(srv)
            ?? throw new SendUsageException($"SRV {srv} cannot be built from the command line; supported: {string.Join(", ", SrvRequestCatalog.Supported)} (or start from a template: --template FILE)");
        var info = SrvCatalogue.Find(srv) ?? throw new SendUsageException($"SRV {srv} is not in the DUIS request matrix");
        var body = NewRequest("", DefaultCommandVariant(info), info.ServiceReference, srv, definition.BodyElement);
        foreach (var field in definition.Children(arguments)) Write(body, field);
        return body.OwnerDocument;
    }

    /// <summary>A new request document with its header filled and an empty body element; returns that element.</summary>
    public static XmlElement NewRequest(string requestId, int commandVariant, string serviceReference, string srv, string bodyElement)
    {
        var doc = new XmlDocument { PreserveWhitespace = false };
        var root = doc.CreateElement("sr", "Request", Sr);
        root.SetAttribute("schemaVersion", "5.4");
        doc.AppendChild(doc.CreateXmlDeclaration("1.0", "UTF-8", null));
        doc.AppendChild(root);
        var header = Append(root, "Header");
        Append(header, "RequestID", requestId);
        Append(header, "CommandVariant", commandVariant.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(header, "ServiceReference", serviceReference);
        Append(header, "ServiceReferenceVariant", srv);
        return Append(Append(root, "Body"), bodyElement);
    }

    /// <summary>A template (any DUIS request file) as the starting point; its header is refilled by <see cref="FillHeader"/>.</summary>
    /// <exception cref="DuisRejectedException">The file is not well-formed, safe DUIS XML.</exception>
    public static XmlDocument FromTemplate(byte[] xml) => SecureXml.Load(xml, SecureXmlOptions.Duis);

    /// <summary>The command variant a request for <paramref name="info"/> goes as: 8 for a non-device service, 4 for a critical one, else 1.</summary>
    public static int DefaultCommandVariant(ServiceReferenceVariantInfo info) =>
        info.NonDevice ? 8 : info.Critical ? 4 : info.CommandVariants.Contains(1) ? 1 : info.CommandVariants.Min();

    /// <summary>Sets the RequestID (user:target:counter) and returns it; the other header fields stay as built or templated.</summary>
    public static RequestId FillHeader(XmlDocument doc, RequestId id)
    {
        Header(doc, "RequestID").InnerText = id.ToString();
        return id;
    }

    /// <summary>The header field <paramref name="name"/> (RequestID, CommandVariant, ServiceReferenceVariant ...).</summary>
    /// <exception cref="SendUsageException">The document has no such header field.</exception>
    public static XmlElement Header(XmlDocument doc, string name) =>
        doc.GetElementsByTagName(name, Sr) is { Count: > 0 } list ? (XmlElement)list[0]!
            : throw new SendUsageException($"the request has no sr:{name}");

    /// <summary>
    /// Applies one <c>--set</c> override: <c>NAME=VALUE</c> sets the first sr:NAME in the document (added to the body
    /// element when the body has none), <c>XPATH=VALUE</c> (anything with a '/', prefix <c>sr:</c>) sets every node it selects.
    /// </summary>
    /// <exception cref="SendUsageException">Not NAME=VALUE, a bad XPath, or an XPath that selects nothing.</exception>
    public static void Apply(XmlDocument doc, string assignment)
    {
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new SendUsageException($"--set '{assignment}' is not NAME=VALUE or XPATH=VALUE");
        string target = assignment[..eq].Trim(), value = assignment[(eq + 1)..];
        if (target.Contains('/', StringComparison.Ordinal))
        {
            var ns = new XmlNamespaceManager(doc.NameTable);
            ns.AddNamespace("sr", Sr);
            XmlNodeList? nodes;
            try { nodes = doc.SelectNodes(target, ns); }
            catch (System.Xml.XPath.XPathException e) { throw new SendUsageException($"--set: bad XPath '{target}': {e.Message}"); }
            if (nodes is null || nodes.Count == 0) throw new SendUsageException($"--set: '{target}' selects nothing in the request");
            foreach (XmlNode n in nodes) n.InnerText = value;
            return;
        }
        if (doc.GetElementsByTagName(target, Sr) is { Count: > 0 } found)
        {
            found[0]!.InnerText = value;
            return;
        }
        var body = Header(doc, "Body").ChildNodes.OfType<XmlElement>().FirstOrDefault()
            ?? throw new SendUsageException("--set: the request's sr:Body is empty");
        Append(body, target, value);
    }

    private static void Write(XmlElement parent, BodyField field)
    {
        var e = Append(parent, field.Name, field.Text);
        if (field.Index is { } index) e.SetAttribute("index", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var f in field.Fields) Write(e, f);
    }

    /// <summary>Appends a new <c>sr:</c> element (with <paramref name="text"/>, when given) to <paramref name="parent"/>.</summary>
    public static XmlElement Append(XmlElement parent, string name, string? text = null)
    {
        var e = parent.OwnerDocument.CreateElement("sr", name, Sr);
        if (text is not null) e.InnerText = text;
        parent.AppendChild(e);
        return e;
    }
}

/// <summary>A <c>send</c> command line that cannot be turned into a request: one line on stderr, exit 1.</summary>
internal sealed class SendUsageException(string message) : Exception(message);

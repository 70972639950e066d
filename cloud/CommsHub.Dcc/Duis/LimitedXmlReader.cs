using System.Xml;
using System.Xml.Schema;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Passes an <see cref="XmlReader"/> through unchanged but refuses, as soon as the reader reaches it and before the tree
/// exists, an element nested deeper than a bound (so no walk over an attacker's document, the schema validator, the
/// canonicalisers or the platform's own recursive DOM code such as <see cref="XmlNode.InnerText"/>, can exhaust the stack)
/// or one carrying more attributes than a bound (<see cref="XmlDocument"/> checks each namespaced attribute it loads
/// against the element's others, so its cost grows with their square).
/// </summary>
/// <remarks>
/// <see cref="XmlReaderSettings"/> has neither limit, hence the wrapper; the checks are two comparisons per element.
/// Namespace declarations are not counted: the DOM loads them in linear time and every walk here looks them up by prefix.
/// </remarks>
internal sealed class LimitedXmlReader(XmlReader inner, int maxDepth, int maxAttributes) : XmlReader, IXmlLineInfo, IXmlNamespaceResolver
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    /// <inheritdoc/>
    /// <exception cref="DuisRejectedException">with <see cref="DuisRejectReason.TooDeep"/> or <see cref="DuisRejectReason.TooManyAttributes"/>.</exception>
    public override bool Read()
    {
        if (!inner.Read()) return false;
        if (inner.NodeType != XmlNodeType.Element) return true;
        // Depth counts from 0 at the root, so the root's children are at 1 and an element at Depth d is level d + 1.
        if (inner.Depth >= maxDepth)
            throw new DuisRejectedException(DuisRejectReason.TooDeep,
                $"the document nests elements more than {maxDepth} levels deep{Position()}; DUIS documents need far fewer");
        if (inner.AttributeCount > maxAttributes && Attributes() > maxAttributes)
            throw new DuisRejectedException(DuisRejectReason.TooManyAttributes,
                $"an element carries more than {maxAttributes} attributes{Position()}; DUIS elements carry a few");
        return true;
    }

    // The element's attributes other than namespace declarations (only counted when the total is over the bound).
    private int Attributes()
    {
        var count = 0;
        while (inner.MoveToNextAttribute())
        {
            if (!ReferenceEquals(inner.NamespaceURI, XmlnsNamespace) && inner.NamespaceURI != XmlnsNamespace) count++;
        }
        inner.MoveToElement();
        return count;
    }

    private string Position() =>
        inner is IXmlLineInfo info && info.HasLineInfo() ? $" (line {info.LineNumber}, position {info.LinePosition})" : "";

    /// <inheritdoc/>
    public override XmlNodeType NodeType => inner.NodeType;
    /// <inheritdoc/>
    public override string LocalName => inner.LocalName;
    /// <inheritdoc/>
    public override string Name => inner.Name;
    /// <inheritdoc/>
    public override string NamespaceURI => inner.NamespaceURI;
    /// <inheritdoc/>
    public override string Prefix => inner.Prefix;
    /// <inheritdoc/>
    public override bool HasValue => inner.HasValue;
    /// <inheritdoc/>
    public override string Value => inner.Value;
    /// <inheritdoc/>
    public override int Depth => inner.Depth;
    /// <inheritdoc/>
    public override string BaseURI => inner.BaseURI;
    /// <inheritdoc/>
    public override bool IsEmptyElement => inner.IsEmptyElement;
    /// <inheritdoc/>
    public override bool IsDefault => inner.IsDefault;
    /// <inheritdoc/>
    public override char QuoteChar => inner.QuoteChar;
    /// <inheritdoc/>
    public override XmlSpace XmlSpace => inner.XmlSpace;
    /// <inheritdoc/>
    public override string XmlLang => inner.XmlLang;
    /// <inheritdoc/>
    public override IXmlSchemaInfo? SchemaInfo => inner.SchemaInfo;
    /// <inheritdoc/>
    public override XmlReaderSettings? Settings => inner.Settings;
    /// <inheritdoc/>
    public override int AttributeCount => inner.AttributeCount;
    /// <inheritdoc/>
    public override bool EOF => inner.EOF;
    /// <inheritdoc/>
    public override ReadState ReadState => inner.ReadState;
    /// <inheritdoc/>
    public override XmlNameTable NameTable => inner.NameTable;
    /// <inheritdoc/>
    public override bool CanResolveEntity => inner.CanResolveEntity;
    /// <inheritdoc/>
    public override string? GetAttribute(string name) => inner.GetAttribute(name);
    /// <inheritdoc/>
    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
    /// <inheritdoc/>
    public override string GetAttribute(int i) => inner.GetAttribute(i);
    /// <inheritdoc/>
    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
    /// <inheritdoc/>
    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
    /// <inheritdoc/>
    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);
    /// <inheritdoc/>
    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
    /// <inheritdoc/>
    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
    /// <inheritdoc/>
    public override bool MoveToElement() => inner.MoveToElement();
    /// <inheritdoc/>
    public override bool ReadAttributeValue() => inner.ReadAttributeValue();
    /// <inheritdoc/>
    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    /// <inheritdoc/>
    public override void ResolveEntity() => inner.ResolveEntity();
    /// <inheritdoc/>
    public override void Close() => inner.Close();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    bool IXmlLineInfo.HasLineInfo() => inner is IXmlLineInfo info && info.HasLineInfo();

    int IXmlLineInfo.LineNumber => inner is IXmlLineInfo info ? info.LineNumber : 0;

    int IXmlLineInfo.LinePosition => inner is IXmlLineInfo info ? info.LinePosition : 0;

    IDictionary<string, string> IXmlNamespaceResolver.GetNamespacesInScope(XmlNamespaceScope scope) =>
        inner is IXmlNamespaceResolver r ? r.GetNamespacesInScope(scope) : new Dictionary<string, string>();

    string? IXmlNamespaceResolver.LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

    string? IXmlNamespaceResolver.LookupPrefix(string namespaceName) =>
        inner is IXmlNamespaceResolver r ? r.LookupPrefix(namespaceName) : null;
}

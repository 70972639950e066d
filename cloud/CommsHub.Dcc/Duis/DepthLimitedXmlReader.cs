using System.Xml;
using System.Xml.Schema;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Passes an <see cref="XmlReader"/> through unchanged but refuses an element nested deeper than a bound as soon as the
/// reader reaches it, before the tree exists, so no walk over an attacker's document (the schema validator, the
/// canonicalisers, the platform's own recursive DOM code such as <see cref="XmlNode.InnerText"/>) can exhaust the stack.
/// </summary>
/// <remarks>
/// <see cref="XmlReaderSettings"/> has no depth limit, hence the wrapper; the check is one comparison per element.
/// </remarks>
internal sealed class DepthLimitedXmlReader(XmlReader inner, int maxDepth) : XmlReader, IXmlLineInfo, IXmlNamespaceResolver
{
    /// <inheritdoc/>
    /// <exception cref="DuisRejectedException">with <see cref="DuisRejectReason.TooDeep"/>.</exception>
    public override bool Read()
    {
        if (!inner.Read()) return false;
        // Depth counts from 0 at the root, so the root's children are at 1 and an element at Depth d is level d + 1.
        if (inner.NodeType == XmlNodeType.Element && inner.Depth >= maxDepth)
        {
            var at = inner is IXmlLineInfo { } info && info.HasLineInfo() ? $" (line {info.LineNumber}, position {info.LinePosition})" : "";
            throw new DuisRejectedException(DuisRejectReason.TooDeep,
                $"the document nests elements more than {maxDepth} levels deep{at}; DUIS documents need far fewer");
        }
        return true;
    }

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

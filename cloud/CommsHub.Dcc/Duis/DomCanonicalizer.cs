using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Canonical XML 1.0 and Exclusive XML Canonicalization 1.0 (both without comments) rendered straight from a DOM tree,
/// for the documents <see cref="SecureXml"/> loads and <see cref="Pipeline.DuisResponseWriter"/> builds.
/// </summary>
/// <remarks>
/// <para>Why not only the platform's <see cref="System.Security.Cryptography.Xml.XmlDsigC14NTransform"/>: given an
/// <see cref="XmlDocument"/> it serialises the whole document to a string, parses it again and copies it a third time before
/// rendering, which made canonicalisation the largest cost of a DUIS request after the ECDSA operations. The DUIS subset is
/// small (no DTD is ever accepted, so no entity references, default attributes or notations), and rendering it from the
/// tree in hand is a single walk. The platform canonicaliser stays the reference: tests compare the two byte for byte over
/// every DUIS template and sample and over generated documents, and anything outside the subset this class renders makes it
/// decline (return <c>false</c>/null) so callers fall back to the platform.</para>
/// <para>Declines: entity references, document types; an element or attribute whose prefix is not bound by the
/// <c>xmlns</c> declarations in scope to its namespace (trees built without declarations, which the platform resolves by
/// re-parsing its own serialisation); inclusive canonicalisation of anything but a whole document.</para>
/// </remarks>
public static class DomCanonicalizer
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    /// <summary>
    /// SHA-256 of the canonical form of <paramref name="document"/> without <paramref name="omit"/> and its subtree (the
    /// enveloped-signature transform), into <paramref name="digest"/> (32 bytes).
    /// </summary>
    /// <returns><c>false</c> when the document is outside the rendered subset (use the platform canonicaliser).</returns>
    public static bool TryDigest(XmlDocument document, XmlElement? omit, bool exclusive, Span<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(document);
        var writer = new Writer(exclusive, omit);
        try
        {
            if (!writer.WriteDocument(document)) return false;
            SHA256.HashData(writer.Written, digest);
            return true;
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>
    /// The exclusive canonical form of the subtree at <paramref name="apex"/>, with the namespace declarations in scope at
    /// its place (as XMLDSig renders SignedInfo), or null when the subtree is outside the rendered subset.
    /// </summary>
    public static byte[]? TryExclusive(XmlElement apex)
    {
        ArgumentNullException.ThrowIfNull(apex);
        var writer = new Writer(exclusive: true, omit: null);
        try
        {
            return writer.WriteApex(apex) ? writer.Written.ToArray() : null;
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>The canonical form of a whole document as bytes (diagnostics and tests), or null outside the subset.</summary>
    public static byte[]? TryCanonicalize(XmlDocument document, XmlElement? omit, bool exclusive)
    {
        ArgumentNullException.ThrowIfNull(document);
        var writer = new Writer(exclusive, omit);
        try
        {
            return writer.WriteDocument(document) ? writer.Written.ToArray() : null;
        }
        finally
        {
            writer.Release();
        }
    }

    // One rendering: output bytes in a pooled buffer, the namespace bindings in scope (from xmlns attributes) and the ones
    // rendered on output ancestors, each a scope with a mark per open element (kept per thread, as the buffer is pooled).
    private struct Writer(bool exclusive, XmlElement? omit)
    {
        private const int MaxKeptBindings = 256;
        [ThreadStatic] private static BindingScope? _spareInScope, _spareRendered;

        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
        private int _length;
        private readonly BindingScope _inScope = Take(ref _spareInScope);
        private readonly BindingScope _rendered = Take(ref _spareRendered);

        public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Release()
        {
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _spareInScope = Keep(_inScope);
            _spareRendered = Keep(_rendered);
        }

        // Kept for the thread's next rendering unless a hostile document made it large.
        private static BindingScope? Keep(BindingScope scope)
        {
            if (scope.Capacity > MaxKeptBindings) return null;
            scope.Clear();
            return scope;
        }

        private static BindingScope Take(ref BindingScope? spare)
        {
            var scope = spare ?? new BindingScope();
            spare = null;
            return scope;
        }

        public bool WriteDocument(XmlDocument document)
        {
            var seenRoot = false;
            for (var n = document.FirstChild; n is not null; n = n.NextSibling)
            {
                switch (n.NodeType)
                {
                    case XmlNodeType.Element:
                        seenRoot = true;
                        if (!WriteElement((XmlElement)n)) return false;
                        break;
                    case XmlNodeType.ProcessingInstruction:
                        // Outside the document element a PI is separated from it by a line feed (C14N 1.0 §2.1).
                        if (seenRoot) Ascii("\n");
                        WritePi((XmlProcessingInstruction)n);
                        if (!seenRoot) Ascii("\n");
                        break;
                    case XmlNodeType.XmlDeclaration or XmlNodeType.Comment or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        break;
                    default:
                        return false;
                }
            }
            return seenRoot;
        }

        public bool WriteApex(XmlElement apex)
        {
            // The bindings in scope at the apex's place; nothing is rendered above it.
            var chain = new List<XmlElement>();
            for (var p = apex.ParentNode; p is XmlElement e; p = p.ParentNode) chain.Add(e);
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                if (!chain[i].HasAttributes) continue;
                foreach (XmlAttribute a in chain[i].Attributes) PushDeclaration(a);
            }
            return WriteElement(apex);
        }

        private void PushDeclaration(XmlAttribute a)
        {
            if (!ReferenceEquals(a.NamespaceURI, XmlnsNamespace) && a.NamespaceURI != XmlnsNamespace) return;
            _inScope.Push(DeclaredPrefix(a), a.Value);
        }

        private static string DeclaredPrefix(XmlAttribute declaration) => declaration.Prefix.Length == 0 ? "" : declaration.LocalName;

        private bool WriteElement(XmlElement element)
        {
            // Recursion: one level per element. Documents from outside are read by SecureXml, which refuses more than
            // SecureXmlOptions.MaxDepth levels, and the adapter's own documents are a few levels deep.
            var scopeMark = _inScope.Count;
            var renderedMark = _rendered.Count;
            if (element.HasAttributes)
            {
                foreach (XmlAttribute a in element.Attributes) PushDeclaration(a);
            }
            if (_inScope.Lookup(element.Prefix) != element.NamespaceURI) return false;

            Ascii("<");
            Text(element.Name);
            if (!WriteNamespaces(element, renderedMark)) return false;
            if (!WriteAttributes(element)) return false;
            Ascii(">");
            for (var n = element.FirstChild; n is not null; n = n.NextSibling)
            {
                switch (n.NodeType)
                {
                    case XmlNodeType.Element:
                        if (ReferenceEquals(n, omit)) break;
                        if (!WriteElement((XmlElement)n)) return false;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        Escaped(n.Value!, attribute: false);
                        break;
                    case XmlNodeType.ProcessingInstruction:
                        WritePi((XmlProcessingInstruction)n);
                        break;
                    case XmlNodeType.Comment:
                        break;
                    default:
                        return false;
                }
            }
            Ascii("</");
            Text(element.Name);
            Ascii(">");
            _inScope.PopTo(scopeMark);
            _rendered.PopTo(renderedMark);
            return true;
        }

        // Inclusive: every binding in scope that the output parent does not already have. Exclusive: only the bindings the
        // element and its attributes visibly use. Both sorted by prefix, the default namespace first. Each step is a lookup
        // by prefix, so the cost is linear in the declarations and attributes (issue 11, item 8: comparing every binding in
        // scope with every other on each element let 40,000 declarations hold a request for half a minute).
        private bool WriteNamespaces(XmlElement element, int renderedMark)
        {
            if (exclusive)
            {
                Consider(element.Prefix, element.NamespaceURI);
                if (element.HasAttributes)
                {
                    foreach (XmlAttribute a in element.Attributes)
                    {
                        if (a.Prefix.Length == 0 || a.NamespaceURI == XmlnsNamespace || a.NamespaceURI == XmlNamespace) continue;
                        if (_inScope.Lookup(a.Prefix) != a.NamespaceURI) return false;
                        Consider(a.Prefix, a.NamespaceURI);
                    }
                }
            }
            else if (element.HasAttributes)
            {
                // Inclusive c14n renders only whole documents, so the output parent is the element's parent and has rendered
                // exactly the bindings in scope there: what it lacks are the element's own declarations that change a binding.
                foreach (XmlAttribute a in element.Attributes)
                {
                    if (ReferenceEquals(a.NamespaceURI, XmlnsNamespace) || a.NamespaceURI == XmlnsNamespace) Consider(DeclaredPrefix(a), a.Value);
                }
            }
            _rendered.SortFrom(renderedMark);
            for (var i = renderedMark; i < _rendered.Count; i++)
            {
                var b = _rendered[i];
                if (b.Prefix.Length == 0) Ascii(" xmlns=\"");
                else
                {
                    Ascii(" xmlns:");
                    Text(b.Prefix);
                    Ascii("=\"");
                }
                Escaped(b.Uri, attribute: true);
                Ascii("\"");
            }
            return true;
        }

        // Queues the binding for rendering unless the output ancestors already render it (or it is the empty default
        // namespace, which is only written to undo a non-empty one).
        private void Consider(string prefix, string uri)
        {
            if (prefix == "xml" || _rendered.Lookup(prefix) == uri) return;
            _rendered.Push(prefix, uri);
        }

        private bool WriteAttributes(XmlElement element)
        {
            if (!element.HasAttributes) return true;
            var attributes = element.Attributes;
            var list = ArrayPool<XmlAttribute>.Shared.Rent(attributes.Count);
            var n = 0;
            try
            {
                foreach (XmlAttribute a in attributes)
                {
                    if (a.NamespaceURI == XmlnsNamespace) continue;
                    // xml:* attributes: the platform treats them as inherited like namespaces (it drops xml:lang="" where
                    // nothing is undone); no DUIS document carries one, so they are left to the platform.
                    if (a.NamespaceURI == XmlNamespace) return false;
                    if (a.Prefix.Length > 0 && _inScope.Lookup(a.Prefix) != a.NamespaceURI) return false;
                    list[n++] = a;
                }
                // Sorted by namespace URI, then local name (attributes without a namespace first); no two are equal.
                if (n > 1) Array.Sort(list, 0, n, AttributeOrder.Instance);
                for (var i = 0; i < n; i++)
                {
                    Ascii(" ");
                    Text(list[i].Name);
                    Ascii("=\"");
                    Escaped(list[i].Value, attribute: true);
                    Ascii("\"");
                }
                return true;
            }
            finally
            {
                Array.Clear(list, 0, n);
                ArrayPool<XmlAttribute>.Shared.Return(list);
            }
        }

        private void WritePi(XmlProcessingInstruction pi)
        {
            Ascii("<?");
            Text(pi.Target);
            if (!string.IsNullOrEmpty(pi.Data))
            {
                Ascii(" ");
                Text(pi.Data);
            }
            Ascii("?>");
        }

        // C14N escaping: text escapes & < > and CR; attribute values escape & < " and TAB, LF, CR.
        private void Escaped(string value, bool attribute)
        {
            var from = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var replacement = value[i] switch
                {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' when !attribute => "&gt;",
                    '"' when attribute => "&quot;",
                    '\t' when attribute => "&#x9;",
                    '\n' when attribute => "&#xA;",
                    '\r' => "&#xD;",
                    _ => null,
                };
                if (replacement is null) continue;
                Text(value.AsSpan(from, i - from));
                Ascii(replacement);
                from = i + 1;
            }
            Text(value.AsSpan(from));
        }

        private void Ascii(string s) => Text(s.AsSpan());

        private void Text(string s) => Text(s.AsSpan());

        private void Text(ReadOnlySpan<char> s)
        {
            if (s.IsEmpty) return;
            var max = Encoding.UTF8.GetMaxByteCount(s.Length);
            if (_length + max > _buffer.Length) Grow(_length + max);
            _length += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length));
        }

        private void Grow(int needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }

    private sealed class AttributeOrder : IComparer<XmlAttribute>
    {
        public static readonly AttributeOrder Instance = new();

        public int Compare(XmlAttribute? x, XmlAttribute? y)
        {
            var byNamespace = string.CompareOrdinal(x!.NamespaceURI, y!.NamespaceURI);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.LocalName, y.LocalName);
        }
    }
}

namespace CommsHub.Dcc.Duis;

/// <summary>A namespace binding: a prefix ("" for the default namespace) and the URI it names.</summary>
internal readonly record struct NamespaceBinding(string Prefix, string Uri);

/// <summary>
/// Namespace bindings as a stack with a mark per open element, looked up by prefix in constant time (the innermost binding
/// of a prefix wins). What <see cref="DomCanonicalizer"/> keeps for the bindings in scope and the ones rendered; a hostile
/// document may declare tens of thousands of prefixes, so no operation may scan the stack.
/// </summary>
internal sealed class BindingScope
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    // Each entry links to the entry it shadows (the same prefix further down), or -1; _innermost holds the top one per prefix.
    private Entry[] _entries = new Entry[16];
    private readonly Dictionary<string, int> _innermost = new(StringComparer.Ordinal);

    /// <summary>Bindings on the stack; a mark to return to with <see cref="PopTo"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The binding at a position (0 is the outermost).</summary>
    public NamespaceBinding this[int index] => _entries[index].Binding;

    /// <summary>Adds a binding that shadows any earlier one of the same prefix until it is popped.</summary>
    public void Push(string prefix, string uri)
    {
        if (Count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        var shadowed = _innermost.TryGetValue(prefix, out var below) ? below : -1;
        _entries[Count] = new Entry(new NamespaceBinding(prefix, uri), shadowed);
        _innermost[prefix] = Count++;
    }

    /// <summary>
    /// The URI bound to <paramref name="prefix"/>: "xml"'s fixed namespace, the innermost binding, no namespace ("") for an
    /// unbound default, or null for an unbound prefix.
    /// </summary>
    public string? Lookup(string prefix)
    {
        if (prefix == "xml") return XmlNamespace;
        if (_innermost.TryGetValue(prefix, out var at)) return _entries[at].Binding.Uri;
        return prefix.Length == 0 ? "" : null;
    }

    /// <summary>Removes the bindings pushed since <paramref name="mark"/>, uncovering the ones they shadowed.</summary>
    public void PopTo(int mark)
    {
        while (Count > mark)
        {
            var top = _entries[--Count];
            if (top.Shadowed < 0) _innermost.Remove(top.Binding.Prefix);
            else _innermost[top.Binding.Prefix] = top.Shadowed;
            _entries[Count] = default;
        }
    }

    /// <summary>
    /// Sorts the bindings pushed since <paramref name="mark"/> by prefix (ordinal, so the default namespace first), as
    /// canonical XML renders them. They must have distinct prefixes, as one element's rendered declarations do.
    /// </summary>
    public void SortFrom(int mark)
    {
        var n = Count - mark;
        if (n < 2) return;
        Array.Sort(_entries, mark, n, ByPrefix.Instance);
        for (var i = mark; i < Count; i++) _innermost[_entries[i].Binding.Prefix] = i;
    }

    /// <summary>Room for bindings before the stack grows (a scope that grew on a hostile document is not worth keeping).</summary>
    public int Capacity => _entries.Length;

    /// <summary>Empties the scope for reuse.</summary>
    public void Clear() => PopTo(0);

    private readonly record struct Entry(NamespaceBinding Binding, int Shadowed);

    private sealed class ByPrefix : IComparer<Entry>
    {
        public static readonly ByPrefix Instance = new();

        public int Compare(Entry x, Entry y) => string.CompareOrdinal(x.Binding.Prefix, y.Binding.Prefix);
    }
}

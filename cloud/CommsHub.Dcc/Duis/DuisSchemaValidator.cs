using System.Collections.Concurrent;
using System.Text;
using System.Xml;
using System.Xml.Schema;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Validates DUIS documents against the DUIS 5.4 schema set (DUIS, MMC and XMLDSig schemas). Build one per
/// process and share it: compiling the schemas takes a while, validating is read-only and thread-safe.
/// </summary>
public sealed class DuisSchemaValidator
{
    private const int MaxReportedErrors = 10;
    private static readonly ConcurrentDictionary<string, Lazy<DuisSchemaValidator>> Cache = new(StringComparer.Ordinal);

    private readonly XmlSchemaSet _schemas;

    private DuisSchemaValidator(XmlSchemaSet schemas, string directory, int relaxedUses)
    {
        _schemas = schemas;
        SchemaDirectory = directory;
        RelaxedUses = relaxedUses;
    }

    /// <summary>The folder the schemas were loaded from.</summary>
    public string SchemaDirectory { get; }

    /// <summary>How many xs:date / xs:integer uses are checked by our own rules instead of .NET's (diagnostics).</summary>
    public int RelaxedUses { get; }

    /// <summary>The compiled schema set (read-only use only).</summary>
    public XmlSchemaSet Schemas => _schemas;

    /// <summary>Loads the schemas from <paramref name="schemaDirectory"/> (see <see cref="DuisSchemaLocator"/>).</summary>
    /// <exception cref="DirectoryNotFoundException">the folder lacks one of the three schema files.</exception>
    public static DuisSchemaValidator Load(string schemaDirectory)
    {
        if (!DuisSchemaLocator.HasSchemas(schemaDirectory))
            throw new DirectoryNotFoundException(
                $"'{schemaDirectory}' does not contain {string.Join(", ", DuisSchemaLocator.RequiredFiles)}");
        var set = new XmlSchemaSet { XmlResolver = null };
        var relaxed = 0;
        foreach (var file in DuisSchemaLocator.RequiredFiles)
        {
            // The W3C XMLDSig schema declares its "ds" prefix through a DOCTYPE, so only that trusted local file is
            // read with DTD processing (still with no resolver: nothing is fetched). Incoming documents never are.
            var dtd = file == DuisSchemaLocator.XmlDsigSchemaFile ? DtdProcessing.Parse : DtdProcessing.Prohibit;
            using var reader = XmlReader.Create(Path.Combine(schemaDirectory, file),
                new XmlReaderSettings { DtdProcessing = dtd, XmlResolver = null });
            var schema = XmlSchema.Read(reader, (_, e) => throw new XmlSchemaException($"{file}: {e.Message}", e.Exception))!;
            relaxed += DuisSchemaRelaxation.Apply(schema);
            set.Add(schema);
        }
        // The imports' schemaLocation are not followed (no resolver): the namespaces are already in the set.
        set.Compile();
        return new DuisSchemaValidator(set, Path.GetFullPath(schemaDirectory), relaxed);
    }

    /// <summary>A shared validator for <paramref name="schemaDirectory"/>, or for the default folder when null.</summary>
    public static DuisSchemaValidator Shared(string? schemaDirectory = null)
    {
        var dir = Path.GetFullPath(schemaDirectory ?? DuisSchemaLocator.ResolveDefault());
        return Cache.GetOrAdd(dir, d => new Lazy<DuisSchemaValidator>(() => Load(d))).Value;
    }

    /// <summary>Validates a document. Does not change it (so signatures still verify afterwards).</summary>
    /// <exception cref="DuisRejectedException">with <see cref="DuisRejectReason.SchemaInvalid"/> listing the errors.</exception>
    public void Validate(XmlDocument document)
    {
        var errors = Collect(document);
        if (errors.Count > 0)
            throw new DuisRejectedException(DuisRejectReason.SchemaInvalid,
                "the document is not valid against the DUIS 5.4 schema: " + string.Join("; ", errors));
    }

    /// <summary>Validates and returns the problems found (empty when valid), at most ten.</summary>
    /// <remarks>
    /// The tree is walked once and fed to the platform's push validator (<see cref="XmlSchemaValidator"/>), which checks
    /// against the compiled set exactly as a validating reader does but leaves the DOM untouched (loading through a
    /// validating reader, or <see cref="XmlDocument.Validate(ValidationEventHandler)"/>, would write element defaults such
    /// as MMC's CurrencyUnitsLabel "GBP" into the tree and break the signature), and without the
    /// <see cref="XmlNodeReader"/> layer, which materialises an attribute collection for every element.
    /// </remarks>
    public IReadOnlyList<string> Collect(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.DocumentElement;
        var walk = new TreeValidation(document, _schemas);
        walk.Run(root);
        return walk.Errors;
    }

    // One validation: the validator, the element path for messages, and the problems found.
    private sealed class TreeValidation
    {
        private const string Xmlns = "http://www.w3.org/2000/xmlns/";
        private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";
        private readonly XmlSchemaValidator _validator;
        private readonly XmlSchemaInfo _info = new();
        // The element (and attribute) being validated and its ancestors, named only when a problem is reported.
        private readonly List<XmlNode> _path = [];
        private readonly StringBuilder _text = new();
        // The namespace bindings in scope at the element being validated, for prefixes in QName values and xsi:type.
        private readonly BindingScope _scope = new();
        private XmlElement? _current;

        public TreeValidation(XmlDocument document, XmlSchemaSet schemas)
        {
            // Warnings matter: an undeclared root only raises a warning, and must not pass as "valid".
            _validator = new XmlSchemaValidator(document.NameTable, schemas, new ScopeResolver(this),
                XmlSchemaValidationFlags.ReportValidationWarnings) { XmlResolver = null };
            _validator.ValidationEventHandler += (_, e) => Add($"{PathText(_path)}: {e.Message}");
            _validator.Initialize();
        }

        public List<string> Errors { get; } = [];

        // The push validator throws for some structural problems instead of raising the event; both are reported alike,
        // and after a throw its state is undefined, so the walk stops there.
        public void Run(XmlElement? root)
        {
            try
            {
                if (root is not null) Element(root);
                _validator.EndValidation();
            }
            catch (Exception ex) when (ex is XmlSchemaValidationException or InvalidOperationException)
            {
                Add($"{PathText(_path)}: {ex.Message}");
            }
        }

        // Recursion: one level per element. Documents from outside are read by SecureXml, which refuses more than
        // SecureXmlOptions.MaxDepth levels while reading (issue 11: 20,000 levels overflowed the stack here).
        private void Element(XmlElement element)
        {
            _current = element;
            _path.Add(element);
            var scopeMark = _scope.Count;
            string? xsiType = null, xsiNil = null;
            if (element.HasAttributes)
            {
                foreach (XmlAttribute a in element.Attributes)
                {
                    if (a.NamespaceURI == Xsi && a.LocalName == "type") xsiType = a.Value;
                    else if (a.NamespaceURI == Xsi && a.LocalName == "nil") xsiNil = a.Value;
                    else if (a.NamespaceURI == Xmlns) _scope.Push(a.Prefix.Length == 0 ? "" : a.LocalName, a.Value);
                }
            }
            // A tree built in code may name a namespace by prefix without declaring it; the DOM resolves it from the name.
            if (_scope.Lookup(element.Prefix) != element.NamespaceURI) _scope.Push(element.Prefix, element.NamespaceURI);
            _validator.ValidateElement(element.LocalName, element.NamespaceURI, _info, xsiType, xsiNil, null, null);
            // The element's own type, taken now: validating its attributes leaves the attribute's type in _info.
            var type = _info.SchemaType;
            if (element.HasAttributes)
            {
                foreach (XmlAttribute a in element.Attributes)
                {
                    if (a.NamespaceURI == Xmlns || (a.NamespaceURI == Xsi && a.LocalName is "type" or "nil")) continue;
                    _path.Add(a);
                    _validator.ValidateAttribute(a.LocalName, a.NamespaceURI, a.Value, _info);
                    if (DuisSchemaRelaxation.IsRelaxed(_info.SchemaType)) CheckValue(_info.SchemaType!, a.Value, _path, Errors);
                    _path.RemoveAt(_path.Count - 1);
                }
            }
            _validator.ValidateEndOfAttributes(_info);
            var relaxed = DuisSchemaRelaxation.IsRelaxed(type);
            if (relaxed) _text.Clear();
            for (var n = element.FirstChild; n is not null; n = n.NextSibling)
            {
                switch (n.NodeType)
                {
                    case XmlNodeType.Element:
                        Element((XmlElement)n);
                        _current = element;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        if (relaxed) _text.Append(n.Value);
                        _validator.ValidateText(n.Value!);
                        break;
                    case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        if (relaxed) _text.Append(n.Value);
                        _validator.ValidateWhitespace(n.Value!);
                        break;
                }
            }
            if (relaxed) CheckValue(type!, _text.ToString(), _path, Errors);
            _validator.ValidateEndElement(_info);
            _scope.PopTo(scopeMark);
            _path.RemoveAt(_path.Count - 1);
        }

        private void Add(string error)
        {
            if (Errors.Count < MaxReportedErrors) Errors.Add(error);
        }

        // Prefixes in QName-typed values resolve against the element being validated, by a lookup in the bindings in
        // scope: asking the DOM (GetNamespaceOfPrefix) scans every ancestor's attributes, and a hostile document can
        // declare tens of thousands of prefixes on the root and name one of them in every element's xsi:type.
        private sealed class ScopeResolver(TreeValidation owner) : IXmlNamespaceResolver
        {
            public IDictionary<string, string> GetNamespacesInScope(XmlNamespaceScope scope) => new Dictionary<string, string>();

            public string? LookupNamespace(string prefix) =>
                prefix == "xmlns" ? Xmlns : owner._scope.Lookup(prefix) is { Length: > 0 } ns ? ns : null;

            public string? LookupPrefix(string namespaceName) => owner._current?.GetPrefixOfNamespace(namespaceName);
        }
    }

    private static void CheckValue(XmlSchemaType type, string value, List<XmlNode> path, List<string> errors)
    {
        var problem = DuisSchemaRelaxation.Check(type, value);
        if (problem is not null && errors.Count < MaxReportedErrors) errors.Add($"{PathText(path)}: {problem}");
    }

    private static string PathText(List<XmlNode> path) =>
        "/" + string.Join("/", path.Select(n => n is XmlAttribute ? "@" + n.LocalName : n.LocalName));
}

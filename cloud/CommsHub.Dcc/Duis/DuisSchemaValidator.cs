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
    public IReadOnlyList<string> Collect(XmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<string>();
        var path = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = _schemas,
            // Warnings matter: an undeclared root only raises a warning, and must not pass as "valid".
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (errors.Count < MaxReportedErrors) errors.Add($"{PathText(path)}: {e.Message}");
        };
        // Reading through XmlNodeReader leaves the DOM untouched; XmlDocument.Validate would add defaulted
        // attributes to it and break the signature.
        using var reader = XmlReader.Create(new XmlNodeReader(document), settings);
        XmlSchemaType? pendingType = null;
        var pendingText = new StringBuilder();
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        path.Add(reader.LocalName);
                        CheckAttributes(reader, path, errors);
                        var type = reader.SchemaInfo?.SchemaType;
                        if (reader.IsEmptyElement)
                        {
                            if (DuisSchemaRelaxation.IsRelaxed(type)) CheckValue(type!, string.Empty, path, errors);
                            path.RemoveAt(path.Count - 1);
                        }
                        else if (DuisSchemaRelaxation.IsRelaxed(type))
                        {
                            pendingType = type;
                            pendingText.Clear();
                        }
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        if (pendingType is not null) pendingText.Append(reader.Value);
                        break;
                    case XmlNodeType.EndElement:
                        if (pendingType is not null) CheckValue(pendingType, pendingText.ToString(), path, errors);
                        pendingType = null;
                        path.RemoveAt(path.Count - 1);
                        break;
                }
            }
        }
        catch (XmlSchemaException ex)
        {
            errors.Add($"{PathText(path)}: {ex.Message}");
        }
        return errors;
    }

    private static void CheckAttributes(XmlReader reader, List<string> path, List<string> errors)
    {
        if (!reader.MoveToFirstAttribute()) return;
        do
        {
            var type = reader.SchemaInfo?.SchemaType;
            if (DuisSchemaRelaxation.IsRelaxed(type))
            {
                path.Add("@" + reader.LocalName);
                CheckValue(type!, reader.Value, path, errors);
                path.RemoveAt(path.Count - 1);
            }
        } while (reader.MoveToNextAttribute());
        reader.MoveToElement();
    }

    private static void CheckValue(XmlSchemaType type, string value, List<string> path, List<string> errors)
    {
        var problem = DuisSchemaRelaxation.Check(type, value);
        if (problem is not null && errors.Count < MaxReportedErrors) errors.Add($"{PathText(path)}: {problem}");
    }

    private static string PathText(List<string> path) => "/" + string.Join("/", path);
}

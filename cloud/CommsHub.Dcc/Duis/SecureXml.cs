using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Loads untrusted XML (DUIS documents from users, responses from peers) without the classic XML attacks:
/// no DTD processing at all (so no entity expansion and no external entities), no resolver, a size limit, a nesting
/// limit, a limit on attributes per element, and whitespace preserved because XML signatures cover it. Every failure is a <see cref="DuisRejectedException"/>.
/// </summary>
/// <remarks>
/// The nesting limit (<see cref="SecureXmlOptions.MaxDepth"/>) is what keeps every later walk of the tree safe: the schema
/// validator, <see cref="DomCanonicalizer"/>, <see cref="DuisSignature"/>, <see cref="DuisRequestParser"/> and the platform's
/// own DOM code (<see cref="XmlNode.InnerText"/>, the XMLDSig transforms, deep clones) all recurse once per level. It is
/// enforced by the reader while the document is read, so every document built from outside bytes (HTTP, MQTT, the CLI)
/// goes through it and a too-deep one never becomes a tree. The attribute limit (<see cref="SecureXmlOptions.MaxAttributes"/>)
/// keeps loading linear: <see cref="XmlDocument"/> compares each namespaced attribute with the element's others.
/// </remarks>
public static partial class SecureXml
{
    /// <summary>Loads a document from bytes (any encoding the XML declaration or BOM names).</summary>
    /// <exception cref="DuisRejectedException">oversized, malformed, too deep, too many attributes, DTD present, wrong root.</exception>
    public static XmlDocument Load(byte[] data, SecureXmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= SecureXmlOptions.Duis;
        if (data.LongLength > options.MaxBytes) throw Oversized(options);
        if (data.Length == 0) throw new DuisRejectedException(DuisRejectReason.Malformed, "the document is empty");
        using var stream = new MemoryStream(data, writable: false);
        return Parse(() => XmlReader.Create(stream, ReaderSettings(options)), () => DecodeForDiagnosis(data), options);
    }

    /// <summary>Loads a document from a stream, reading at most the byte bound implied by the size limit.</summary>
    /// <exception cref="DuisRejectedException">oversized, malformed, too deep, too many attributes, DTD present, wrong root.</exception>
    public static XmlDocument Load(Stream input, SecureXmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= SecureXmlOptions.Duis;
        // Buffer with a hard cap: an endless or huge body is refused without holding it all in memory.
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > options.MaxBytes) throw Oversized(options);
            buffer.Write(chunk, 0, n);
        }
        return Load(buffer.ToArray(), options);
    }

    /// <summary>Loads a document from a string (an encoding named in its XML declaration is ignored).</summary>
    /// <exception cref="DuisRejectedException">oversized, malformed, too deep, too many attributes, DTD present, wrong root.</exception>
    public static XmlDocument LoadXml(string xml, SecureXmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        options ??= SecureXmlOptions.Duis;
        if (xml.Length > options.MaxCharacters) throw Oversized(options);
        if (xml.Length == 0) throw new DuisRejectedException(DuisRejectReason.Malformed, "the document is empty");
        using var text = new StringReader(xml);
        return Parse(() => XmlReader.Create(text, ReaderSettings(options)), () => xml, options);
    }

    /// <summary>The reader settings used for untrusted documents (exposed so other readers use the same).</summary>
    public static XmlReaderSettings ReaderSettings(SecureXmlOptions options) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = options.MaxCharacters,
        // Belt and braces: with DTDs prohibited no entity can be declared, but cap expansion anyway.
        MaxCharactersFromEntities = 1024,
        IgnoreWhitespace = false,
        IgnoreComments = false,
        IgnoreProcessingInstructions = false,
        CloseInput = false,
    };

    private static XmlDocument Parse(Func<XmlReader> createReader, Func<string> textForDiagnosis, SecureXmlOptions options)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = new LimitedXmlReader(createReader(), options.MaxDepth, options.MaxAttributes);
            doc.Load(reader);
        }
        catch (XmlException ex)
        {
            throw Classify(ex, textForDiagnosis, options);
        }
        catch (ArgumentException ex)
        {
            // The reader passes some text that the DOM then refuses with ArgumentException, e.g. an XML declaration
            // version "1.x" (XmlDeclaration demands 1.[0-9]+). Found by fuzzing (tests/CommsHub.Fuzz, duis-schema).
            throw new DuisRejectedException(DuisRejectReason.Malformed,
                $"the document is not well-formed XML: a node such as its XML declaration is refused: {ex.Message}", ex);
        }
        CheckRoot(doc, options);
        return doc;
    }

    private static DuisRejectedException Classify(XmlException ex, Func<string> textForDiagnosis, SecureXmlOptions options)
    {
        // XmlReader reports limits and DTDs as XmlException; tell them apart so the caller gets a precise reason.
        var msg = ex.Message;
        if (msg.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
            return Oversized(options, ex);
        if (msg.Contains("DTD", StringComparison.Ordinal))
        {
            var text = textForDiagnosis();
            if (ExternalEntityPattern().IsMatch(text))
                return new DuisRejectedException(DuisRejectReason.ExternalEntity,
                    "the document declares or references an external entity (XXE); DTDs and entities are not accepted", ex);
            if (EntityDeclarationPattern().IsMatch(text))
                return new DuisRejectedException(DuisRejectReason.EntityExpansion,
                    "the document declares entities (entity expansion); DTDs and entities are not accepted", ex);
            return new DuisRejectedException(DuisRejectReason.DtdProhibited,
                "the document has a DOCTYPE; DTDs are not accepted in DUIS documents", ex);
        }
        if (msg.Contains("undeclared entity", StringComparison.OrdinalIgnoreCase))
            return new DuisRejectedException(DuisRejectReason.EntityExpansion,
                $"the document references an entity that is not one of XML's predefined ones: {msg}", ex);
        return new DuisRejectedException(DuisRejectReason.Malformed, $"the document is not well-formed XML: {msg}", ex);
    }

    private static void CheckRoot(XmlDocument doc, SecureXmlOptions options)
    {
        var root = doc.DocumentElement
            ?? throw new DuisRejectedException(DuisRejectReason.Malformed, "the document has no root element");
        if (root.NamespaceURI != options.RootNamespace || !options.RootNames.Contains(root.LocalName))
            throw new DuisRejectedException(DuisRejectReason.WrongRoot,
                $"root element is {{{root.NamespaceURI}}}{root.LocalName}; expected one of "
                + string.Join(", ", options.RootNames.Select(n => $"{{{options.RootNamespace}}}{n}")));
    }

    private static DuisRejectedException Oversized(SecureXmlOptions options, Exception? inner = null) =>
        new(DuisRejectReason.Oversized, $"the document exceeds the limit of {options.MaxCharacters} characters", inner);

    // Only used to name the attack in the error message after the reader has already refused the DTD.
    private static string DecodeForDiagnosis(byte[] raw)
    {
        var head = raw.AsSpan(0, Math.Min(raw.Length, 64 * 1024));
        var utf16 = head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));
        return utf16
            ? (head[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(head[2..])
            : Encoding.UTF8.GetString(head);
    }

    [GeneratedRegex(@"<!ENTITY\s+(%\s*)?[^\s>]+\s+(SYSTEM|PUBLIC)\b|<!DOCTYPE\s+[^\s>\[]+\s+(SYSTEM|PUBLIC)\b")]
    private static partial Regex ExternalEntityPattern();

    [GeneratedRegex(@"<!ENTITY\b")]
    private static partial Regex EntityDeclarationPattern();
}

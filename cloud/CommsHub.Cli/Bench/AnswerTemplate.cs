using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Cli.Bench;

/// <summary>
/// The shape of one kind of signed answer (the I99, the I0 of a read...), learned from an answer that passed
/// <see cref="DuisSignature.Verify"/>, so that the next answers of that shape are checked without loading a DOM: their
/// signature is still checked in full (the SHA-256 reference digest of the canonical document, compared in constant time,
/// and the DSP's ECDSA P-256 signature over canonical SignedInfo, with the key of the certificate KeyInfo names).
/// </summary>
/// <remarks>
/// <para>An answer matches only if it is the learned answer byte for byte but for the text of leaf elements (the holes:
/// RequestID, times, payload, DigestValue, SignatureValue...), and each hole holds only printable ASCII without
/// <c>&amp; &lt; &gt;</c>. Its token stream is then the learned one with other text values, so it parses to the same tree
/// (same limits, same root, same signature profile), and both the document's canonical form and SignedInfo's are the
/// learned ones with the holes' text put in: canonicalisation copies such text verbatim. Those two canonical forms are
/// cut once, when the template is learned, from the platform-checked canonicaliser's output for a copy of the document
/// whose holes hold unique markers. Anything else does not match, and <see cref="AnswerCheck"/> takes the DOM path.</para>
/// <para>The template refuses to exist unless the answer it is learned from checks through it with the fields the DOM
/// gives; tests compare the verdicts of both paths on every one-byte change of an I99 and an I0.</para>
/// </remarks>
internal sealed class AnswerTemplate
{
    private const string MarkerPrefix = "\u00a7hole";

    // The answer as sent: Fixed[0] hole 0 Fixed[1] hole 1 ... Fixed[n].
    private readonly byte[][] _fixed;
    // Canonical document (what DigestValue covers) and canonical SignedInfo (what SignatureValue signs), as parts that
    // are either fixed bytes or a hole of the answer.
    private readonly Part[] _document, _signedInfo;
    private readonly int _digest, _signature, _issuer, _serial;
    private readonly Field _requestId, _responseCode, _responseId;
    private readonly int _maxLength;

    private readonly record struct Part(byte[]? Bytes, int Hole);

    // A field of AnswerFields: a hole, or a constant (null: absent; "": an empty element).
    private readonly record struct Field(int Hole, string? Constant);

    private AnswerTemplate(byte[][] fixedParts, Part[] document, Part[] signedInfo, int digest, int signature, int issuer, int serial,
        Field requestId, Field responseCode, Field responseId, int maxLength)
    {
        (_fixed, _document, _signedInfo) = (fixedParts, document, signedInfo);
        (_digest, _signature, _issuer, _serial) = (digest, signature, issuer, serial);
        (_requestId, _responseCode, _responseId) = (requestId, responseCode, responseId);
        _maxLength = maxLength;
    }

    /// <summary>What <see cref="Check"/> found.</summary>
    public enum Verdict
    {
        /// <summary>Not this shape: check the answer another way.</summary>
        NoMatch,

        /// <summary>This shape, and the signature does not verify (or the signer is unknown).</summary>
        Invalid,

        /// <summary>This shape, and the DSP's signature verifies.</summary>
        Valid,
    }

    /// <summary>
    /// The template of <paramref name="answer"/>, whose loaded <paramref name="document"/> has passed
    /// <see cref="DuisSignature.Verify"/> against <paramref name="signers"/>; null when the answer is outside what a
    /// template can check (entities, non-ASCII, comments, mixed content, a canonical form the DOM canonicaliser declines).
    /// </summary>
    public static AnswerTemplate? Learn(byte[] answer, XmlDocument document, IDuisSignerDirectory signers, SecureXmlOptions options)
    {
        if (answer.Length == 0 || answer[0] != (byte)'<' || answer.Length > options.MaxCharacters) return null;
        var runs = TextRuns(answer);
        var nodes = TextNodes(document);
        if (runs is null || nodes is null || runs.Count != nodes.Count) return null;
        for (int i = 0; i < runs.Count; i++)
        {
            if (!Encoding.ASCII.GetString(answer, runs[i].Start, runs[i].Length).Equals(nodes[i].Value, StringComparison.Ordinal)) return null;
        }

        // Holes: the text of leaf elements. Other text (whitespace between elements) stays in the fixed parts.
        var holeOf = new Dictionary<XmlNode, int>();
        var fixedParts = new List<byte[]>();
        int at = 0;
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.NodeType != XmlNodeType.Text || node.ParentNode is not XmlElement || node.PreviousSibling is not null || node.NextSibling is not null)
                continue;
            if (!AllowedText(answer.AsSpan(runs[i].Start, runs[i].Length))) return null;
            holeOf[node.ParentNode] = fixedParts.Count;
            fixedParts.Add(answer[at..runs[i].Start]);
            at = runs[i].Start + runs[i].Length;
        }
        fixedParts.Add(answer[at..]);

        // The canonical forms, from a copy whose holes hold unique markers.
        var copy = (XmlDocument)document.CloneNode(deep: true);
        var copyNodes = TextNodes(copy)!;
        var copyHoles = new Dictionary<XmlNode, int>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].NodeType != XmlNodeType.Text || nodes[i].ParentNode is not { } parent || !holeOf.TryGetValue(parent, out var hole)) continue;
            copyNodes[i].Value = MarkerPrefix + hole.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "\u00a7";
            copyHoles[copyNodes[i].ParentNode!] = hole;
        }
        if (copyHoles.Count != holeOf.Count) return null;
        var signature = DsElement(copy.DocumentElement!, "Signature");
        var signedInfo = signature is null ? null : DsElement(signature, "SignedInfo");
        if (signature is null || signedInfo is null) return null;
        bool exclusive = copy.GetElementsByTagName("Transform", DuisNamespaces.XmlDsig).Count == 2;
        var canonical = DomCanonicalizer.TryCanonicalize(copy, signature, exclusive);
        if (canonical is null) return null;
        var documentParts = Parts(canonical, holeOf.Count);
        var info = Parts(DuisSignature.CanonicalSignedInfo(signedInfo), holeOf.Count);
        if (documentParts is null || info is null) return null;

        int HoleIn(string localName) =>
            copy.GetElementsByTagName(localName, DuisNamespaces.XmlDsig) is { Count: 1 } list && copyHoles.TryGetValue(list[0]!, out var h) ? h : -1;
        int digest = HoleIn("DigestValue"), signatureValue = HoleIn("SignatureValue"), issuer = HoleIn("X509IssuerName"), serial = HoleIn("X509SerialNumber");
        if (digest < 0 || signatureValue < 0 || issuer < 0 || serial < 0 || !info.Any(p => p.Hole == digest)) return null;
        if (FieldOf(copy, "RequestID", copyHoles) is not { } requestId || FieldOf(copy, "ResponseCode", copyHoles) is not { } responseCode
            || FieldOf(copy, "ResponseID", copyHoles) is not { } responseId)
            return null;

        var template = new AnswerTemplate([.. fixedParts], documentParts, info, digest, signatureValue, issuer, serial, requestId, responseCode, responseId,
            options.MaxCharacters);
        // The template must check the answer it was learned from and read the fields the DOM reads.
        using var keys = new AnswerKeys();
        return template.Check(answer, signers, keys, out var fields) == Verdict.Valid && fields == AnswerFields.Read(document) ? template : null;
    }

    /// <summary>
    /// Checks <paramref name="answer"/> if it has this shape: <see cref="Verdict.Valid"/> with its <paramref name="fields"/>
    /// when the DSP's signature verifies, <see cref="Verdict.Invalid"/> when it does not, <see cref="Verdict.NoMatch"/> when
    /// the answer has another shape.
    /// </summary>
    public Verdict Check(ReadOnlySpan<byte> answer, IDuisSignerDirectory signers, AnswerKeys keys, out AnswerFields? fields)
    {
        fields = null;
        if (answer.Length > _maxLength) return Verdict.NoMatch;
        int holes = _fixed.Length - 1;
        Span<Range> hole = holes <= 32 ? stackalloc Range[holes] : new Range[holes];
        int at = 0;
        for (int i = 0; ; i++)
        {
            var part = _fixed[i];
            if (!answer[at..].StartsWith(part)) return Verdict.NoMatch;
            at += part.Length;
            if (i == holes) break;
            int length = answer[at..].IndexOf((byte)'<');
            if (length < 0 || !AllowedText(answer.Slice(at, length))) return Verdict.NoMatch;
            hole[i] = new Range(at, at + length);
            at += length;
        }
        if (at != answer.Length) return Verdict.NoMatch;

        string issuer = Text(answer, hole[_issuer]).Trim(), serialText = Text(answer, hole[_serial]).Trim();
        if (issuer.Length == 0 || !BigInteger.TryParse(serialText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var serial)
            || signers.Find(issuer, serial) is not { } certificate)
            return Verdict.Invalid;
        // Digest and signature values decoded as Convert.FromBase64String decodes them (whitespace skipped; anything
        // else that is not base64 refused): at most 3/4 of the text's length.
        var digestText = Text(answer, hole[_digest]);
        var signatureText = Text(answer, hole[_signature]);
        Span<byte> digestValue = stackalloc byte[Math.Min(digestText.Length, 256)], signatureValue = stackalloc byte[Math.Min(signatureText.Length, 512)];
        if (!Convert.TryFromBase64String(digestText, digestValue, out int digestLength)
            || !Convert.TryFromBase64String(signatureText, signatureValue, out int signatureLength))
            return Verdict.Invalid;
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(Length(_document, answer, hole), Length(_signedInfo, answer, hole)));
        try
        {
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(scratch.AsSpan(0, Render(_document, answer, hole, scratch)), digest);
            if (!CryptographicOperations.FixedTimeEquals(digest, digestValue[..digestLength])) return Verdict.Invalid;
            if (!keys.Verify(certificate, scratch.AsSpan(0, Render(_signedInfo, answer, hole, scratch)), signatureValue[..signatureLength]))
                return Verdict.Invalid;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
        fields = new AnswerFields(Read(_requestId, answer, hole), Read(_responseCode, answer, hole), Read(_responseId, answer, hole));
        return Verdict.Valid;
    }

    private static string? Read(Field field, ReadOnlySpan<byte> answer, ReadOnlySpan<Range> hole) => field.Hole >= 0 ? Text(answer, hole[field.Hole]) : field.Constant;

    private static string Text(ReadOnlySpan<byte> answer, Range range) => Encoding.ASCII.GetString(answer[range]);

    private static int Length(Part[] parts, ReadOnlySpan<byte> answer, ReadOnlySpan<Range> hole)
    {
        int length = 0;
        foreach (var part in parts) length += part.Bytes?.Length ?? hole[part.Hole].GetOffsetAndLength(answer.Length).Length;
        return length;
    }

    // The parts, with the answer's holes put in, into the start of `into`; returns the length.
    private static int Render(Part[] parts, ReadOnlySpan<byte> answer, ReadOnlySpan<Range> hole, byte[] into)
    {
        int at = 0;
        foreach (var part in parts)
        {
            ReadOnlySpan<byte> source = part.Bytes is { } b ? b : answer[hole[part.Hole]];
            source.CopyTo(into.AsSpan(at));
            at += source.Length;
        }
        return at;
    }

    // Printable ASCII that canonicalisation and serialisation both copy verbatim (no & < > and no control characters).
    private static bool AllowedText(ReadOnlySpan<byte> text) =>
        !text.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E) && text.IndexOfAny((byte)'&', (byte)'<', (byte)'>') < 0;

    // The runs of character data between tags, in order; null for anything but plain elements, attributes and text (a
    // comment, CDATA, DOCTYPE or processing instruction other than the leading XML declaration, a non-ASCII byte, a CR).
    private static List<(int Start, int Length)>? TextRuns(byte[] xml)
    {
        var runs = new List<(int, int)>();
        int i = 0, n = xml.Length;
        if (xml.AsSpan().StartsWith("<?xml "u8))
        {
            i = xml.AsSpan().IndexOf("?>"u8);
            if (i < 0) return null;
            i += 2;
        }
        if (xml.AsSpan().ContainsAnyExceptInRange((byte)0x0A, (byte)0x7E) || xml.AsSpan().IndexOf((byte)0x0D) >= 0) return null;
        while (i < n)
        {
            if (xml[i] == (byte)'<')
            {
                if (i + 1 < n && (xml[i + 1] == (byte)'!' || xml[i + 1] == (byte)'?')) return null;
                // A tag: to its '>', over quoted attribute values.
                for (i++; i < n && xml[i] != (byte)'>'; i++)
                {
                    if (xml[i] is (byte)'"' or (byte)'\'')
                    {
                        int close = xml.AsSpan(i + 1).IndexOf(xml[i]);
                        if (close < 0) return null;
                        i += close + 1;
                    }
                }
                i++;
                continue;
            }
            int length = xml.AsSpan(i).IndexOf((byte)'<');
            if (length < 0) length = n - i;
            runs.Add((i, length));
            i += length;
        }
        return runs;
    }

    // The document's character-data nodes in document order (a loop over the tree's links: no recursion); null if it
    // has CDATA or entity references.
    private static List<XmlCharacterData>? TextNodes(XmlDocument document)
    {
        var list = new List<XmlCharacterData>();
        XmlNode? node = document.FirstChild;
        while (node is not null)
        {
            switch (node.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    list.Add((XmlCharacterData)node);
                    break;
                case XmlNodeType.CDATA or XmlNodeType.EntityReference or XmlNodeType.Comment or XmlNodeType.DocumentType:
                    return null;
                case XmlNodeType.ProcessingInstruction:
                    return null;
            }
            if (node is XmlElement && node.FirstChild is { } child)
            {
                node = child;
                continue;
            }
            while (node is not null && node.NextSibling is null) node = node.ParentNode;
            node = node?.NextSibling;
        }
        return list;
    }

    // The canonical bytes cut at the markers: fixed parts and holes, each hole at most once.
    private static Part[]? Parts(byte[] canonical, int holes)
    {
        var marker = Encoding.UTF8.GetBytes(MarkerPrefix);
        var parts = new List<Part>();
        var seen = new bool[holes];
        int at = 0;
        while (true)
        {
            int found = canonical.AsSpan(at).IndexOf(marker);
            if (found < 0) break;
            int start = at + found, digits = start + marker.Length;
            int end = canonical.AsSpan(digits).IndexOf("\u00a7"u8);
            if (end != 4 || !int.TryParse(Encoding.ASCII.GetString(canonical, digits, 4), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var hole) || hole >= holes || seen[hole])
                return null;
            seen[hole] = true;
            parts.Add(new Part(canonical[at..start], -1));
            parts.Add(new Part(null, hole));
            at = digits + 4 + "\u00a7"u8.Length;
        }
        parts.Add(new Part(canonical[at..], -1));
        return [.. parts.Where(p => p.Bytes is null || p.Bytes.Length > 0)];
    }

    // As AnswerFields.Read finds it: the first element of that name in document order.
    private static Field? FieldOf(XmlDocument copy, string localName, Dictionary<XmlNode, int> holes)
    {
        if (copy.GetElementsByTagName(localName, DuisNamespaces.ServiceUserGateway) is not { Count: > 0 } list) return new Field(-1, null);
        var element = list[0]!;
        if (holes.TryGetValue(element, out var hole)) return new Field(hole, null);
        return element.HasChildNodes ? null : new Field(-1, "");
    }

    private static XmlElement? DsElement(XmlElement parent, string localName)
    {
        for (var n = parent.FirstChild; n is not null; n = n.NextSibling)
        {
            if (n is XmlElement e && e.LocalName == localName && e.NamespaceURI == DuisNamespaces.XmlDsig) return e;
        }
        return null;
    }
}

/// <summary>
/// A bench user's verification keys: the public key of each DSP certificate, imported once (not per answer). An
/// <see cref="ECDsa"/> instance is not documented as safe for concurrent use, so each is used under a lock.
/// </summary>
internal sealed class AnswerKeys : IDisposable
{
    private readonly Dictionary<X509Certificate2, ECDsa?> _keys = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="signature"/> (raw r||s) is the certificate's ECDSA P-256/SHA-256 signature of <paramref name="data"/>.</summary>
    public bool Verify(X509Certificate2 certificate, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        lock (_keys)
        {
            if (!_keys.TryGetValue(certificate, out var key)) _keys[certificate] = key = certificate.GetECDsaPublicKey();
            return key is not null && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_keys)
        {
            foreach (var key in _keys.Values) key?.Dispose();
            _keys.Clear();
        }
    }
}

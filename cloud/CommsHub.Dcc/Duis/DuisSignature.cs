using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace CommsHub.Dcc.Duis;

/// <summary>The outcome of a successful signature check.</summary>
/// <param name="Signer">The certificate that verified the signature (access control checks its owner against the RequestID).</param>
/// <param name="IssuerName">X509IssuerName as written in the document.</param>
/// <param name="SerialNumber">X509SerialNumber as written in the document.</param>
public sealed record DuisSignatureInfo(X509Certificate2 Signer, string IssuerName, BigInteger SerialNumber);

/// <summary>
/// DUIS XMLDSig (as dccboxed-signing-tool does it): one enveloped signature, last child of the root, over the
/// whole document (Reference URI=""), exclusive c14n of SignedInfo, ecdsa-sha256 with raw r||s, sha256 digest,
/// signer named by KeyInfo/X509Data/X509IssuerSerial. No certificate is embedded; the signer comes from a directory.
/// </summary>
public static class DuisSignature
{
    /// <summary>Exclusive XML canonicalization 1.0 (without comments).</summary>
    public const string ExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";

    /// <summary>The enveloped-signature transform.</summary>
    public const string EnvelopedTransform = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

    /// <summary>SHA-256 digest method.</summary>
    public const string Sha256Digest = "http://www.w3.org/2001/04/xmlenc#sha256";

    private const string Ds = DuisNamespaces.XmlDsig;

    /// <summary>
    /// Verifies the document's signature against the certificate <paramref name="signers"/> hold for its issuer and serial.
    /// </summary>
    /// <remarks>
    /// <para>The DUIS profile is checked strictly, then verified directly rather than through <see cref="SignedXml"/>, which
    /// serialises and re-parses the whole document and resolves every algorithm by name: exactly one ds:Signature, a child
    /// of the root; SignedInfo = CanonicalizationMethod exc-c14n (no InclusiveNamespaces), SignatureMethod ecdsa-sha256,
    /// exactly one Reference with URI="" whose Transforms are enveloped-signature alone (the reference is then rendered
    /// with inclusive C14N 1.0, XMLDSig's default, as every DUIS sample and dccboxed-signing-tool do) or enveloped-signature
    /// followed by exc-c14n, DigestMethod sha256; no ds:Object; KeyInfo holding one X509Data/X509IssuerSerial and nothing else
    /// (KeyInfo is not signed); anything else is refused as malformed. The digest is the
    /// canonical rendering of the document without its Signature element by <see cref="DomCanonicalizer"/> (one walk of
    /// the tree; the platform's <see cref="XmlDsigC14NTransform"/> / <see cref="XmlDsigExcC14NTransform"/> for anything it
    /// declines, and as the reference its output is tested against), compared in constant time; SignedInfo is rendered
    /// the same way (exclusive, with the namespaces in scope at its place), and the raw r||s value verified with the
    /// signer's ECDSA key (kept per certificate). Verdicts equal SignedXml's on the DUIS shape (tests compare them).</para>
    /// <para>On the platform fallback the Signature element is detached from <paramref name="document"/> while the
    /// canonicaliser copies it and put back at once: do not read the document from another thread during the call.</para>
    /// <para>Any other failure while checking (the platform canonicaliser throws <see cref="ArgumentException"/> on some
    /// hostile documents, for example) is a refusal with <see cref="DuisRejectReason.SignatureInvalid"/>: an attacker's
    /// document must never turn into a server error.</para>
    /// </remarks>
    /// <exception cref="DuisRejectedException">missing, malformed or extra signature, unknown signer, or no match.</exception>
    public static DuisSignatureInfo Verify(XmlDocument document, IDuisSignerDirectory signers)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(signers);
        try
        {
            return VerifyChecked(document, signers);
        }
        catch (Exception ex) when (ex is not (DuisRejectedException or OutOfMemoryException))
        {
            throw new DuisRejectedException(DuisRejectReason.SignatureInvalid,
                $"the signature cannot be checked: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private static DuisSignatureInfo VerifyChecked(XmlDocument document, IDuisSignerDirectory signers)
    {
        var signature = FindSignature(document);
        var shape = ReadShape(signature);
        var certificate = signers.Find(shape.Issuer, shape.Serial)
            ?? throw new DuisRejectedException(DuisRejectReason.SignerUnknown,
                $"no XML-signing certificate is known for issuer '{shape.Issuer}', serial {shape.Serial}");

        var digest = DigestWithoutSignature(document, signature, shape.ExclusiveReference);
        var valid = CryptographicOperations.FixedTimeEquals(digest, shape.DigestValue)
            && VerifySignedInfo(certificate, CanonicalSignedInfo(shape.SignedInfo), shape.SignatureValue, shape.Serial);
        if (!valid)
            throw new DuisRejectedException(DuisRejectReason.SignatureInvalid,
                $"the signature does not verify with the certificate of issuer '{shape.Issuer}', serial {shape.Serial}: the document or signature was altered");
        return new DuisSignatureInfo(certificate, shape.Issuer, shape.Serial);
    }

    /// <summary>
    /// The reference verifier: the same checks through <see cref="SignedXml"/> (slow: it re-parses the document). Kept to
    /// compare verdicts with <see cref="Verify"/> in tests and for diagnosis; not used on the request path.
    /// </summary>
    /// <exception cref="DuisRejectedException">missing, malformed or extra signature, unknown signer, or no match.</exception>
    public static DuisSignatureInfo VerifyWithSignedXml(XmlDocument document, IDuisSignerDirectory signers)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(signers);
        EcdsaSha256SignatureDescription.EnsureRegistered();
        var signature = FindSignature(document);
        var signedXml = new SignedXml(document);
        try
        {
            signedXml.LoadXml(signature);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw Malformed($"the signature cannot be read: {ex.Message}", ex);
        }
        CheckShape(signedXml);
        var (issuer, serial) = ReadIssuerSerial(signature);
        var certificate = signers.Find(issuer, serial)
            ?? throw new DuisRejectedException(DuisRejectReason.SignerUnknown,
                $"no XML-signing certificate is known for issuer '{issuer}', serial {serial}");
        using var key = certificate.GetECDsaPublicKey()
            ?? throw Malformed($"the signer certificate (serial {serial}) does not hold an EC public key");
        bool valid;
        try
        {
            valid = signedXml.CheckSignature(key);
        }
        catch (CryptographicException ex)
        {
            throw new DuisRejectedException(DuisRejectReason.SignatureInvalid, $"the signature cannot be checked: {ex.Message}", ex);
        }
        if (!valid)
            throw new DuisRejectedException(DuisRejectReason.SignatureInvalid,
                $"the signature does not verify with the certificate of issuer '{issuer}', serial {serial}: the document or signature was altered");
        return new DuisSignatureInfo(certificate, issuer, serial);
    }

    /// <summary>
    /// Signs the document in place: appends a ds:Signature as the root's last child, in the shape of the DUIS samples.
    /// </summary>
    /// <remarks>
    /// The reference digest is the inclusive C14N (<see cref="DomCanonicalizer"/>) of the document as it is before the signature is added (URI=""
    /// with the enveloped transform only). SignedInfo's exclusive canonical form is fixed but for the DigestValue text, so it
    /// is rendered once by <see cref="XmlDsigExcC14NTransform"/> with a placeholder and the base64 digest (whose alphabet
    /// canonicalisation copies verbatim) is put in its place; a test checks this equals canonicalising the SignedInfo written.
    /// </remarks>
    /// <exception cref="InvalidOperationException">the document has no root or is already signed.</exception>
    public static void Sign(XmlDocument document, DuisSigner signer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(signer);
        var root = document.DocumentElement ?? throw new InvalidOperationException("the document has no root element");
        XmlElement? existing = null;
        if (CountSignatures(root, ref existing) > 0)
            throw new InvalidOperationException("the document is already signed");

        var digest = new byte[32];
        if (!DomCanonicalizer.TryDigest(document, null, exclusive: false, digest))
        {
            var c14n = new XmlDsigC14NTransform();
            c14n.LoadInput(document);
            digest = PlatformDigest(c14n);
        }
        var digestText = Convert.ToBase64String(digest);
        var raw = SignatureValue(signer, digestText);

        var signature = El(document, "Signature");
        signature.SetAttribute("xmlns:ds", Ds);
        signature.AppendChild(BuildSignedInfo(document, digestText));
        var signatureValue = El(document, "SignatureValue");
        signatureValue.InnerText = Convert.ToBase64String(raw);
        signature.AppendChild(signatureValue);
        signature.AppendChild(BuildKeyInfo(document, signer.Certificate));
        root.AppendChild(signature);
    }

    /// <summary>
    /// The raw r||s ECDSA P-256 signature, by <paramref name="signer"/>, of the SignedInfo that <see cref="Sign"/> writes for a
    /// reference digest of <paramref name="digestBase64"/> (its exclusive canonical form, from the template).
    /// </summary>
    internal static byte[] SignatureValue(DuisSigner signer, string digestBase64) =>
        signer.Key.SignData(SignedInfoTemplate.Render(digestBase64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>The exclusive canonical form of a SignedInfo element in its document (what the signature value signs).</summary>
    public static byte[] CanonicalSignedInfo(XmlElement signedInfo)
    {
        ArgumentNullException.ThrowIfNull(signedInfo);
        return DomCanonicalizer.TryExclusive(signedInfo) ?? PlatformCanonicalSignedInfo(signedInfo);
    }

    /// <summary><see cref="CanonicalSignedInfo"/> by the platform's <see cref="XmlDsigExcC14NTransform"/> (the reference rendering).</summary>
    public static byte[] PlatformCanonicalSignedInfo(XmlElement signedInfo)
    {
        // As SignedXml does: a standalone copy carrying the namespace declarations in scope at its place (exclusive c14n
        // then renders only those visibly used), so the rendering is the in-place one.
        var standalone = new XmlDocument { PreserveWhitespace = true };
        var copy = (XmlElement)standalone.ImportNode(signedInfo, deep: true);
        // The names already on the copy, in a set: asking the copy (HasAttribute scans its attributes) would cost the
        // square of the declarations in scope, which a hostile document makes tens of thousands.
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (XmlAttribute a in copy.Attributes) declared.Add(a.Name);
        for (var node = signedInfo.ParentNode; node is XmlElement ancestor; node = node.ParentNode)
        {
            foreach (XmlAttribute a in ancestor.Attributes)
            {
                if (a.NamespaceURI != XmlnsNamespace || !declared.Add(a.Name)) continue;
                copy.SetAttributeNode((XmlAttribute)standalone.ImportNode(a, deep: true));
            }
        }
        standalone.AppendChild(copy);
        var exc = new XmlDsigExcC14NTransform();
        exc.LoadInput(standalone);
        using var stream = (Stream)exc.GetOutput(typeof(Stream));
        if (stream is MemoryStream ms) return ms.ToArray();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private static byte[] DigestWithoutSignature(XmlDocument document, XmlElement signature, bool exclusive)
    {
        var digest = new byte[32];
        return DomCanonicalizer.TryDigest(document, signature, exclusive, digest) ? digest : PlatformDigestWithoutSignature(document, signature, exclusive);
    }

    /// <summary>
    /// SHA-256 of the document without <paramref name="signature"/>, canonicalised by the platform's transforms (the
    /// reference rendering, and the fallback for documents <see cref="DomCanonicalizer"/> declines).
    /// </summary>
    public static byte[] PlatformDigestWithoutSignature(XmlDocument document, XmlElement signature, bool exclusive)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(signature);
        // The enveloped-signature transform: the document minus the Signature element (and only it). The canonicaliser
        // copies the document when it is loaded, so the element is detached just for that and put back where it was.
        var parent = signature.ParentNode!;
        var next = signature.NextSibling;
        Transform c14n = exclusive ? new XmlDsigExcC14NTransform() : new XmlDsigC14NTransform();
        parent.RemoveChild(signature);
        try
        {
            c14n.LoadInput(document);
        }
        finally
        {
            parent.InsertBefore(signature, next);
        }
        return PlatformDigest(c14n);
    }

    // SHA-256 of the transform's output stream. Not Transform.GetDigestedOutput: the platform's hashing path writes the
    // text "(char) 10" instead of a line feed around processing instructions outside the root element (issue 11, item 9),
    // so its digest differs from the canonical form's, and from what SignedXml and other signers compute.
    private static byte[] PlatformDigest(Transform c14n)
    {
        using var output = (Stream)c14n.GetOutput(typeof(Stream));
        return SHA256.HashData(output);
    }

    private static bool VerifySignedInfo(X509Certificate2 certificate, byte[] canonicalSignedInfo, byte[] signatureValue, BigInteger serial)
    {
        var pool = KeyPools.GetValue(certificate, static c => new VerifyKeyPool(c));
        var key = pool.Rent() ?? throw Malformed($"the signer certificate (serial {serial}) does not hold an EC public key");
        try
        {
            return key.VerifyData(canonicalSignedInfo, signatureValue, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        finally
        {
            pool.Return(key);
        }
    }

    // Public keys per signer certificate, so each verification does not re-import the key from the certificate. ECDsa
    // instances are not documented as safe for concurrent use, so each is lent to one caller at a time.
    private static readonly ConditionalWeakTable<X509Certificate2, VerifyKeyPool> KeyPools = new();

    private sealed class VerifyKeyPool(X509Certificate2 certificate)
    {
        private const int MaxIdle = 8;
        private readonly Stack<ECDsa> _idle = new();
        private readonly Lock _gate = new();

        public ECDsa? Rent()
        {
            lock (_gate)
            {
                if (_idle.Count > 0) return _idle.Pop();
            }
            return certificate.GetECDsaPublicKey();
        }

        public void Return(ECDsa key)
        {
            lock (_gate)
            {
                if (_idle.Count < MaxIdle)
                {
                    _idle.Push(key);
                    return;
                }
            }
            key.Dispose();
        }
    }

    private sealed record Shape(XmlElement SignedInfo, bool ExclusiveReference, byte[] DigestValue, byte[] SignatureValue,
        string Issuer, BigInteger Serial);

    // The strict DUIS profile of ds:Signature (see Verify). Whitespace and comments between elements are allowed (exclusive
    // c14n without comments drops comments); any other text, processing instruction or unexpected attribute is refused.
    private static Shape ReadShape(XmlElement signature)
    {
        CheckAttributes(signature, "Id");
        var children = DsChildren(signature);
        if (children.Count < 3 || children[0].LocalName != "SignedInfo" || children[1].LocalName != "SignatureValue"
            || children[2].LocalName != "KeyInfo" || children.Count > 3)
            throw Malformed($"ds:Signature must hold SignedInfo, SignatureValue and KeyInfo in that order and nothing else (found {Names(children)})");
        var signedInfo = children[0];
        CheckAttributes(signedInfo, "Id");
        var info = DsChildren(signedInfo);
        if (info.Count != 3 || info[0].LocalName != "CanonicalizationMethod" || info[1].LocalName != "SignatureMethod" || info[2].LocalName != "Reference")
        {
            var references = info.Count(e => e.LocalName == "Reference");
            if (references != 1) throw Malformed($"the signature has {references} references; exactly one (URI=\"\") is allowed");
            throw Malformed($"SignedInfo must hold CanonicalizationMethod, SignatureMethod and one Reference (found {Names(info)})");
        }
        var c14n = Algorithm(info[0]);
        if (c14n != ExcC14n) throw Malformed($"CanonicalizationMethod must be {ExcC14n}, not {c14n}");
        NoChildren(info[0]);
        var method = Algorithm(info[1]);
        if (method != EcdsaSha256SignatureDescription.Algorithm)
            throw Malformed($"SignatureMethod must be {EcdsaSha256SignatureDescription.Algorithm}, not {method}");
        NoChildren(info[1]);

        var reference = info[2];
        CheckAttributes(reference, "URI", "Id", "Type");
        var uri = reference.GetAttributeNode("URI")?.Value;
        if (uri != "") throw Malformed($"the reference URI must be \"\" (the whole document), not \"{uri}\"");
        var parts = DsChildren(reference);
        if (parts.Count != 3 || parts[0].LocalName != "Transforms" || parts[1].LocalName != "DigestMethod" || parts[2].LocalName != "DigestValue")
            throw Malformed($"the reference must hold Transforms, DigestMethod and DigestValue (found {Names(parts)})");
        CheckAttributes(parts[0]);
        var transforms = DsChildren(parts[0]);
        foreach (var t in transforms)
        {
            if (t.LocalName != "Transform") throw Malformed($"ds:Transforms may only hold ds:Transform, not ds:{t.LocalName}");
            var algorithm = Algorithm(t);
            if (algorithm != EnvelopedTransform && algorithm != ExcC14n)
                throw Malformed($"transform {algorithm} is not allowed in DUIS signatures");
            NoChildren(t);
        }
        if (transforms.Count == 0 || Algorithm(transforms[0]) != EnvelopedTransform)
            throw Malformed($"the reference must use the enveloped-signature transform ({EnvelopedTransform})");
        if (transforms.Count > 2 || (transforms.Count == 2 && Algorithm(transforms[1]) != ExcC14n))
            throw Malformed($"the reference's transforms must be enveloped-signature, optionally followed by {ExcC14n}");
        var digestMethod = Algorithm(parts[1]);
        if (digestMethod != Sha256Digest) throw Malformed($"DigestMethod must be {Sha256Digest}, not {digestMethod}");
        NoChildren(parts[1]);
        // A DigestValue of the wrong length is simply not equal (SignatureInvalid after the signer lookup, as in SignedXml).
        var digest = Base64(parts[2], "DigestValue");

        CheckAttributes(children[1], "Id");
        var signatureValue = Base64(children[1], "SignatureValue");
        var (issuer, serial) = ReadIssuerSerial(children[2]);
        return new Shape(signedInfo, transforms.Count == 2, digest, signatureValue, issuer, serial);
    }

    // The ds-namespace element children; any other element, non-whitespace text or processing instruction is refused.
    private static List<XmlElement> DsChildren(XmlElement parent)
    {
        var list = new List<XmlElement>(4);
        for (var n = parent.FirstChild; n is not null; n = n.NextSibling)
        {
            switch (n.NodeType)
            {
                case XmlNodeType.Element:
                    if (n.NamespaceURI != Ds) throw Malformed($"ds:{parent.LocalName} may not hold {{{n.NamespaceURI}}}{n.LocalName}");
                    list.Add((XmlElement)n);
                    break;
                case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.Comment:
                    break;
                case XmlNodeType.Text when string.IsNullOrWhiteSpace(n.Value):
                    break;
                default:
                    throw Malformed($"ds:{parent.LocalName} may only hold elements (found {n.NodeType})");
            }
        }
        return list;
    }

    private static void NoChildren(XmlElement e)
    {
        if (DsChildren(e).Count > 0) throw Malformed($"ds:{e.LocalName} may not have child elements");
    }

    private static string Algorithm(XmlElement e)
    {
        CheckAttributes(e, "Algorithm");
        return e.GetAttributeNode("Algorithm")?.Value ?? throw Malformed($"ds:{e.LocalName} has no Algorithm");
    }

    private static void CheckAttributes(XmlElement e, params string[] allowed)
    {
        // HasAttributes first: reading Attributes of an element that has none creates the collection under a document lock.
        if (!e.HasAttributes) return;
        foreach (XmlAttribute a in e.Attributes)
        {
            if (a.NamespaceURI == XmlnsNamespace) continue;
            if (a.NamespaceURI.Length == 0 && Array.IndexOf(allowed, a.LocalName) >= 0) continue;
            throw Malformed($"ds:{e.LocalName} may not carry the attribute {a.Name}");
        }
    }

    private static byte[] Base64(XmlElement e, string what)
    {
        var text = TextOf(e, what);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw Malformed($"ds:{what} is not base64", ex);
        }
    }

    // The element's text; it may hold nothing but text (no elements, comments, CDATA or processing instructions).
    private static string TextOf(XmlElement e, string what)
    {
        for (var n = e.FirstChild; n is not null; n = n.NextSibling)
        {
            if (n.NodeType is not (XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
                throw Malformed($"ds:{what} may only hold text (found {n.NodeType})");
        }
        return e.InnerText;
    }

    private static string Names(List<XmlElement> elements) => elements.Count == 0 ? "nothing" : string.Join(", ", elements.Select(e => e.LocalName));

    // SignedInfo of the shape Sign writes, canonicalised once by the platform with a placeholder digest.
    private static class SignedInfoTemplate
    {
        private const string Placeholder = "DIGESTVALUEPLACEHOLDER";
        private static readonly byte[] Prefix, Suffix;

        static SignedInfoTemplate()
        {
            var doc = new XmlDocument { PreserveWhitespace = true };
            var signature = El(doc, "Signature");
            signature.SetAttribute("xmlns:ds", Ds);
            doc.AppendChild(signature);
            var signedInfo = BuildSignedInfo(doc, Placeholder);
            signature.AppendChild(signedInfo);
            var bytes = CanonicalSignedInfo(signedInfo);
            var at = bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(Placeholder));
            if (at < 0) throw new InvalidOperationException("the SignedInfo template lost its placeholder");
            Prefix = bytes[..at];
            Suffix = bytes[(at + Placeholder.Length)..];
        }

        public static byte[] Render(string digestBase64)
        {
            var result = new byte[Prefix.Length + digestBase64.Length + Suffix.Length];
            Prefix.CopyTo(result, 0);
            System.Text.Encoding.ASCII.GetBytes(digestBase64, result.AsSpan(Prefix.Length));
            Suffix.CopyTo(result, Prefix.Length + digestBase64.Length);
            return result;
        }
    }

    private static XmlElement FindSignature(XmlDocument document)
    {
        var root = document.DocumentElement
            ?? throw new DuisRejectedException(DuisRejectReason.Malformed, "the document has no root element");
        XmlElement? signature = null;
        var count = CountSignatures(root, ref signature);
        if (count == 0)
            throw new DuisRejectedException(DuisRejectReason.SignatureMissing, "the document is not signed (no ds:Signature)");
        // One signature only, directly under the root: a second one, or one moved elsewhere, is how signature
        // wrapping hides unsigned content next to signed content.
        if (count > 1) throw Malformed($"the document has {count} ds:Signature elements; exactly one is allowed");
        if (signature!.ParentNode != root)
            throw Malformed("the ds:Signature must be a child of the root element (enveloped signature over the whole document)");
        return signature;
    }

    // Every ds:Signature element in the tree (document order; the first one found is returned). A loop over the tree's own
    // links rather than recursion, so it holds however deep a tree it is given.
    private static int CountSignatures(XmlElement root, ref XmlElement? first)
    {
        var count = 0;
        XmlNode node = root;
        while (true)
        {
            if (node is XmlElement { LocalName: "Signature" } e && e.NamespaceURI == Ds)
            {
                first ??= e;
                count++;
            }
            if (node is XmlElement && node.FirstChild is { } child)
            {
                node = child;
                continue;
            }
            while (node != root && node.NextSibling is null) node = node.ParentNode!;
            if (node == root) return count;
            node = node.NextSibling!;
        }
    }

    private static void CheckShape(SignedXml signedXml)
    {
        var info = signedXml.SignedInfo ?? throw Malformed("the signature has no SignedInfo");
        if (info.CanonicalizationMethod != ExcC14n)
            throw Malformed($"CanonicalizationMethod must be {ExcC14n}, not {info.CanonicalizationMethod}");
        if (info.SignatureMethod != EcdsaSha256SignatureDescription.Algorithm)
            throw Malformed($"SignatureMethod must be {EcdsaSha256SignatureDescription.Algorithm}, not {info.SignatureMethod}");
        if (info.References.Count != 1)
            throw Malformed($"the signature has {info.References.Count} references; exactly one (URI=\"\") is allowed");
        var reference = (Reference)info.References[0]!;
        // URI="" is the whole document, so the signed content is the root and everything under it.
        if (reference.Uri != "")
            throw Malformed($"the reference URI must be \"\" (the whole document), not \"{reference.Uri}\"");
        if (reference.DigestMethod != Sha256Digest)
            throw Malformed($"DigestMethod must be {Sha256Digest}, not {reference.DigestMethod}");
        var enveloped = false;
        foreach (Transform t in reference.TransformChain)
        {
            if (t.Algorithm == EnvelopedTransform) enveloped = true;
            else if (t.Algorithm != ExcC14n) throw Malformed($"transform {t.Algorithm} is not allowed in DUIS signatures");
        }
        if (!enveloped) throw Malformed($"the reference must use the enveloped-signature transform ({EnvelopedTransform})");
    }

    // KeyInfo names the signer by one X509Data/X509IssuerSerial and holds nothing else. It is not signed (the enveloped
    // transform leaves the whole Signature out of the digest), so any other element in it would be unsigned content inside
    // a verified document, which a reader finding fields by name (GetElementsByTagName) could take for signed. Accepts the
    // Signature element (reference path) or its KeyInfo.
    private static (string Issuer, BigInteger Serial) ReadIssuerSerial(XmlElement signatureOrKeyInfo)
    {
        var keyInfos = signatureOrKeyInfo.LocalName == "KeyInfo" ? [signatureOrKeyInfo] : ChildElements(signatureOrKeyInfo, "KeyInfo").ToList();
        if (keyInfos.Count != 1) throw Malformed($"the signature must have exactly one KeyInfo (found {keyInfos.Count})");
        CheckAttributes(keyInfos[0], "Id");
        var issuerSerial = OnlyChild(OnlyChild(keyInfos[0], "X509Data"), "X509IssuerSerial");
        CheckAttributes(issuerSerial);
        var parts = DsChildren(issuerSerial);
        if (parts.Count != 2 || parts[0].LocalName != "X509IssuerName" || parts[1].LocalName != "X509SerialNumber")
            throw Malformed($"X509IssuerSerial must hold X509IssuerName and X509SerialNumber and nothing else (found {Names(parts)})");
        CheckAttributes(parts[0]);
        CheckAttributes(parts[1]);
        var issuer = TextOf(parts[0], "X509IssuerName").Trim();
        var serialText = TextOf(parts[1], "X509SerialNumber").Trim();
        if (issuer.Length == 0 || serialText.Length == 0)
            throw Malformed("X509IssuerSerial needs X509IssuerName and X509SerialNumber");
        if (!BigInteger.TryParse(serialText, NumberStyles.None, CultureInfo.InvariantCulture, out var serial))
            throw Malformed($"X509SerialNumber '{serialText}' is not a non-negative decimal integer");
        return (issuer, serial);
    }

    // The single ds element child of the KeyInfo chain, which must be named localName.
    private static XmlElement OnlyChild(XmlElement parent, string localName)
    {
        var children = DsChildren(parent);
        if (children.Count != 1 || children[0].LocalName != localName)
            throw Malformed($"KeyInfo must name the signer with exactly one X509Data/X509IssuerSerial and nothing else (ds:{parent.LocalName} holds {Names(children)})");
        return children[0];
    }

    private static IEnumerable<XmlElement> ChildElements(XmlElement parent, string localName)
    {
        for (var n = parent.FirstChild; n is not null; n = n.NextSibling)
        {
            if (n is XmlElement e && e.LocalName == localName && e.NamespaceURI == Ds) yield return e;
        }
    }

    private static XmlElement BuildSignedInfo(XmlDocument doc, string digestBase64)
    {
        var signedInfo = El(doc, "SignedInfo");
        signedInfo.AppendChild(El(doc, "CanonicalizationMethod", ("Algorithm", ExcC14n)));
        signedInfo.AppendChild(El(doc, "SignatureMethod", ("Algorithm", EcdsaSha256SignatureDescription.Algorithm)));
        var reference = El(doc, "Reference", ("URI", ""));
        var transforms = El(doc, "Transforms");
        transforms.AppendChild(El(doc, "Transform", ("Algorithm", EnvelopedTransform)));
        reference.AppendChild(transforms);
        reference.AppendChild(El(doc, "DigestMethod", ("Algorithm", Sha256Digest)));
        var digestValue = El(doc, "DigestValue");
        digestValue.InnerText = digestBase64;
        reference.AppendChild(digestValue);
        signedInfo.AppendChild(reference);
        return signedInfo;
    }

    private static XmlElement BuildKeyInfo(XmlDocument doc, X509Certificate2 certificate)
    {
        var names = KeyInfoNames.GetValue(certificate, static c =>
            new KeyInfoText(X509IssuerNames.Format(c.IssuerName), DuisSignerDirectory.SerialOf(c).ToString(CultureInfo.InvariantCulture)));
        var issuerName = El(doc, "X509IssuerName");
        issuerName.InnerText = names.Issuer;
        var serial = El(doc, "X509SerialNumber");
        serial.InnerText = names.Serial;
        var issuerSerial = El(doc, "X509IssuerSerial");
        issuerSerial.AppendChild(issuerName);
        issuerSerial.AppendChild(serial);
        var data = El(doc, "X509Data");
        data.AppendChild(issuerSerial);
        var keyInfo = El(doc, "KeyInfo");
        keyInfo.AppendChild(data);
        return keyInfo;
    }

    private sealed record KeyInfoText(string Issuer, string Serial);

    private static readonly ConditionalWeakTable<X509Certificate2, KeyInfoText> KeyInfoNames = new();

    private static XmlElement El(XmlDocument doc, string name, params (string Name, string Value)[] attributes)
    {
        var e = doc.CreateElement("ds", name, Ds);
        foreach (var (n, v) in attributes) e.SetAttribute(n, v);
        return e;
    }

    private static DuisRejectedException Malformed(string message, Exception? inner = null) =>
        new(DuisRejectReason.SignatureMalformed, message, inner);
}

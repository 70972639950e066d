using System.Globalization;
using System.Numerics;
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
    /// <exception cref="DuisRejectedException">missing, malformed or extra signature, unknown signer, or no match.</exception>
    public static DuisSignatureInfo Verify(XmlDocument document, IDuisSignerDirectory signers)
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
        catch (CryptographicException ex)
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
    /// <exception cref="InvalidOperationException">the document has no root or is already signed.</exception>
    public static void Sign(XmlDocument document, DuisSigner signer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(signer);
        var root = document.DocumentElement ?? throw new InvalidOperationException("the document has no root element");
        if (document.GetElementsByTagName("Signature", Ds).Count > 0)
            throw new InvalidOperationException("the document is already signed");

        // Reference URI="" with only the enveloped transform: the digest is over the inclusive C14N of the whole
        // document minus the signature, i.e. of the document as it is before the signature is added.
        var c14n = new XmlDsigC14NTransform();
        c14n.LoadInput(document);
        var digest = c14n.GetDigestedOutput(SHA256.Create());

        var signature = El(document, "Signature");
        signature.SetAttribute("xmlns:ds", Ds);
        var signedInfo = BuildSignedInfo(document, digest);
        signature.AppendChild(signedInfo);
        var signatureValue = El(document, "SignatureValue");
        signature.AppendChild(signatureValue);
        signature.AppendChild(BuildKeyInfo(document, signer.Certificate));
        root.AppendChild(signature);

        // Exclusive c14n renders SignedInfo the same in place as alone (only visibly used namespaces), so sign it
        // as a standalone copy that declares ds itself, exactly as a verifier will canonicalize it.
        var standalone = new XmlDocument { PreserveWhitespace = true };
        var copy = (XmlElement)standalone.ImportNode(signedInfo, deep: true);
        copy.SetAttribute("xmlns:ds", Ds);
        standalone.AppendChild(copy);
        var exc = new XmlDsigExcC14NTransform();
        exc.LoadInput(standalone);
        using var stream = (Stream)exc.GetOutput(typeof(Stream));
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        var raw = signer.Key.SignData(bytes.ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        signatureValue.InnerText = Convert.ToBase64String(raw);
    }

    private static XmlElement FindSignature(XmlDocument document)
    {
        var root = document.DocumentElement
            ?? throw new DuisRejectedException(DuisRejectReason.Malformed, "the document has no root element");
        var all = document.GetElementsByTagName("Signature", Ds);
        if (all.Count == 0)
            throw new DuisRejectedException(DuisRejectReason.SignatureMissing, "the document is not signed (no ds:Signature)");
        // One signature only, directly under the root: a second one, or one moved elsewhere, is how signature
        // wrapping hides unsigned content next to signed content.
        if (all.Count > 1) throw Malformed($"the document has {all.Count} ds:Signature elements; exactly one is allowed");
        var signature = (XmlElement)all[0]!;
        if (signature.ParentNode != root)
            throw Malformed("the ds:Signature must be a child of the root element (enveloped signature over the whole document)");
        return signature;
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

    private static (string Issuer, BigInteger Serial) ReadIssuerSerial(XmlElement signature)
    {
        var ns = new XmlNamespaceManager(signature.OwnerDocument.NameTable);
        ns.AddNamespace("ds", Ds);
        var nodes = signature.SelectNodes("ds:KeyInfo/ds:X509Data/ds:X509IssuerSerial", ns)!;
        if (nodes.Count != 1)
            throw Malformed($"KeyInfo must name the signer with exactly one X509Data/X509IssuerSerial (found {nodes.Count})");
        var issuer = nodes[0]!.SelectSingleNode("ds:X509IssuerName", ns)?.InnerText.Trim();
        var serialText = nodes[0]!.SelectSingleNode("ds:X509SerialNumber", ns)?.InnerText.Trim();
        if (string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(serialText))
            throw Malformed("X509IssuerSerial needs X509IssuerName and X509SerialNumber");
        if (!BigInteger.TryParse(serialText, NumberStyles.None, CultureInfo.InvariantCulture, out var serial))
            throw Malformed($"X509SerialNumber '{serialText}' is not a non-negative decimal integer");
        return (issuer, serial);
    }

    private static XmlElement BuildSignedInfo(XmlDocument doc, byte[] digest)
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
        digestValue.InnerText = Convert.ToBase64String(digest);
        reference.AppendChild(digestValue);
        signedInfo.AppendChild(reference);
        return signedInfo;
    }

    private static XmlElement BuildKeyInfo(XmlDocument doc, X509Certificate2 certificate)
    {
        var issuerName = El(doc, "X509IssuerName");
        issuerName.InnerText = X509IssuerNames.Format(certificate.IssuerName);
        var serial = El(doc, "X509SerialNumber");
        serial.InnerText = DuisSignerDirectory.SerialOf(certificate).ToString(CultureInfo.InvariantCulture);
        var issuerSerial = El(doc, "X509IssuerSerial");
        issuerSerial.AppendChild(issuerName);
        issuerSerial.AppendChild(serial);
        var data = El(doc, "X509Data");
        data.AppendChild(issuerSerial);
        var keyInfo = El(doc, "KeyInfo");
        keyInfo.AppendChild(data);
        return keyInfo;
    }

    private static XmlElement El(XmlDocument doc, string name, params (string Name, string Value)[] attributes)
    {
        var e = doc.CreateElement("ds", name, Ds);
        foreach (var (n, v) in attributes) e.SetAttribute(n, v);
        return e;
    }

    private static DuisRejectedException Malformed(string message, Exception? inner = null) =>
        new(DuisRejectReason.SignatureMalformed, message, inner);
}

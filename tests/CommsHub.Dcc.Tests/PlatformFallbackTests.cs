using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

/// <summary>
/// The platform canonicaliser fallback of <see cref="DuisSignature"/>, taken for documents <see cref="DomCanonicalizer"/>
/// declines (here: an xml:lang attribute). Issue 11, item 9: its digest wrote the text "(char) 10" for the line feeds
/// around processing instructions outside the root, so correctly signed documents were refused; and an element with both
/// xml:lang and xmlns:lang made it throw <see cref="ArgumentException"/> out of <see cref="DuisSignature.Verify"/>.
/// </summary>
public class PlatformFallbackTests
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    [Fact]
    public void The_fallback_digest_separates_processing_instructions_outside_the_root_by_line_feeds()
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml("<?before a?><r xml:lang=\"en\"><s/></r><?after b?>");
        Assert.Null(DomCanonicalizer.TryCanonicalize(doc, null, exclusive: false)); // the fallback is what is tested
        var signature = (XmlElement)doc.DocumentElement!.FirstChild!;
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes("<?before a?>\n<r xml:lang=\"en\"></r>\n<?after b?>"));
        // Both renderings agree here: exclusive c14n treats xml:lang as an ordinary attribute, inclusive renders it on the root.
        foreach (var exclusive in new[] { false, true })
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(DuisSignature.PlatformDigestWithoutSignature(doc, signature, exclusive)));
    }

    [SharedDataTheory]
    [InlineData("SignedXml")]
    [InlineData("DuisSignature.Sign")]
    public void A_request_with_processing_instructions_around_the_root_signed_on_the_fallback_verifies(string signedBy)
    {
        // The platform's reference signer, independent of DuisSignature.Sign, and Sign itself (which takes the same fallback).
        var doc = Unsigned();
        AddXmlLang(Header(doc));
        doc.InsertBefore(doc.CreateProcessingInstruction("before", "the root"), doc.DocumentElement);
        doc.AppendChild(doc.CreateProcessingInstruction("after", "the root"));
        doc = SecureXml.LoadXml(doc.OuterXml);
        using var signer = DuisData.Signer("xml-sign-90B3D51F30010000-ds");
        if (signedBy == "SignedXml") SignWithSignedXml(doc, signer);
        else DuisSignature.Sign(doc, signer);
        var received = SecureXml.LoadXml(doc.OuterXml);

        Assert.Equal(signer.Certificate.Thumbprint, DuisSignature.VerifyWithSignedXml(received, DuisData.Signers).Signer.Thumbprint);
        Assert.Equal(signer.Certificate.Thumbprint, DuisSignature.Verify(received, DuisData.Signers).Signer.Thumbprint);
    }

    [SharedDataFact]
    public void An_element_with_xml_lang_and_xmlns_lang_is_a_refusal_not_an_exception()
    {
        var doc = Unsigned();
        using var signer = DuisData.Signer("xml-sign-90B3D51F30010000-ds");
        DuisSignature.Sign(doc, signer);
        var text = doc.OuterXml.Replace("<sr:Body>", "<sr:Body xml:lang=\"en\" xmlns:lang=\"urn:lang\">", StringComparison.Ordinal);
        var received = SecureXml.LoadXml(text);

        var ex = Assert.Throws<DuisRejectedException>(() => DuisSignature.Verify(received, DuisData.Signers));
        Assert.Equal(DuisRejectReason.SignatureInvalid, ex.Reason);
        Assert.Contains("cannot be checked", ex.Message, StringComparison.Ordinal);
    }

    // On the header, not the root: SignedXml carries the root's xml:lang into SignedInfo's canonical form, which exclusive
    // canonicalisation does not (a SignedXml quirk outside what is tested here).
    private static XmlElement Header(XmlDocument doc) =>
        (XmlElement)doc.GetElementsByTagName("Header", DuisNamespaces.ServiceUserGateway)[0]!;

    private static void AddXmlLang(XmlElement element)
    {
        var lang = element.OwnerDocument.CreateAttribute("xml", "lang", XmlNamespace);
        lang.Value = "en";
        element.SetAttributeNode(lang);
    }

    private static XmlDocument Unsigned() => DuisData.LoadUnsigned("templates/ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML");

    // The DUIS shape (enveloped, exc-c14n SignedInfo, ecdsa-sha256, sha256, X509IssuerSerial) through SignedXml.
    private static void SignWithSignedXml(XmlDocument doc, DuisSigner signer)
    {
        EcdsaSha256SignatureDescription.EnsureRegistered();
        var signed = new SignedXml(doc) { SigningKey = signer.Key };
        signed.SignedInfo!.CanonicalizationMethod = DuisSignature.ExcC14n;
        signed.SignedInfo.SignatureMethod = EcdsaSha256SignatureDescription.Algorithm;
        var reference = new Reference("") { DigestMethod = DuisSignature.Sha256Digest };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        signed.AddReference(reference);
        var data = new KeyInfoX509Data();
        data.AddIssuerSerial(X509IssuerNames.Format(signer.Certificate.IssuerName),
            signer.Certificate.SerialNumber); // hex: KeyInfoX509Data writes it in decimal
        signed.KeyInfo = new KeyInfo();
        signed.KeyInfo.AddClause(data);
        signed.ComputeSignature();
        doc.DocumentElement!.AppendChild(doc.ImportNode(signed.GetXml(), deep: true));
    }
}

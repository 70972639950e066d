using System.Security.Cryptography;
using System.Text;
using System.Xml;
using CommsHub.Cli.Commands;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;

namespace CommsHub.Cli.Bench;

/// <summary>
/// A bench user's signed 4.1.1 reads, byte for byte what <see cref="ReadMeterCommand.Request"/> writes, without building
/// and serialising a DOM per request. The read differs from one request to the next only in its RequestID, so the
/// document, its canonical form and SignedInfo's canonical form are each cut once around the parts that vary; a
/// request is then signed as XMLDSig signs it: the SHA-256 of the canonical document (the RequestID put in), that
/// digest in SignedInfo, and an ECDSA P-256 signature over SignedInfo with the user's key. The cut is checked when the
/// template is made: a request from it must equal the DOM path's (signature value aside, ECDSA being randomised) and
/// verify as the adapter verifies it, else the template refuses to exist.
/// </summary>
internal sealed class SignedReadTemplate
{
    private readonly DuisSigner _signer;
    // The canonical unsigned document around the RequestID.
    private readonly byte[] _canonicalHead, _canonicalTail;
    // SignedInfo's exclusive canonical form around the digest.
    private readonly byte[] _signedInfoHead, _signedInfoTail;
    // The signed document as sent, around RequestID, DigestValue and SignatureValue.
    private readonly byte[] _head, _afterId, _afterDigest, _tail;

    private SignedReadTemplate(DuisSigner signer, RequestId sample)
    {
        _signer = signer;
        string id = sample.ToString();
        var signed = ReadMeterCommand.Request(signer, sample);
        var doc = SecureXml.Load(signed, SecureXmlOptions.Duis);
        // What the reference digest covers: the document without its (enveloped) signature.
        var signature = Element(doc, "Signature");
        var canonical = DomCanonicalizer.TryCanonicalize(doc, signature, exclusive: false)
            ?? throw new InvalidOperationException("the 4.1.1 read has no DOM canonical form");
        (_canonicalHead, _canonicalTail) = Cut(canonical, Ascii(id));

        string digest = Element(doc, "DigestValue").InnerText, value = Element(doc, "SignatureValue").InnerText;
        var signedInfo = Element(doc, "SignedInfo");
        (_signedInfoHead, _signedInfoTail) = Cut(DuisSignature.CanonicalSignedInfo(signedInfo), Ascii(digest));

        var (head, rest) = Cut(signed, Ascii(id));
        var (afterId, rest2) = Cut(rest, Ascii(digest));
        (_afterDigest, _tail) = Cut(rest2, Ascii(value));
        (_head, _afterId) = (head, afterId);
    }

    /// <summary>
    /// The template for <paramref name="signer"/>, checked against the DOM path for <paramref name="sample"/> (any
    /// RequestID of the user) and against <paramref name="verifier"/> (a directory holding the user's certificate).
    /// </summary>
    /// <exception cref="InvalidOperationException">the template does not reproduce the DOM path's request.</exception>
    public static SignedReadTemplate Create(DuisSigner signer, RequestId sample, IDuisSignerDirectory verifier)
    {
        var template = new SignedReadTemplate(signer, sample);
        var other = sample with { Counter = sample.Counter + 1 };
        var fast = template.Request(other);
        var dom = ReadMeterCommand.Request(signer, other);
        if (!WithoutSignatureValue(fast).SequenceEqual(WithoutSignatureValue(dom)))
            throw new InvalidOperationException("the signed-read template does not reproduce ReadMeterCommand.Request");
        DuisSignature.Verify(SecureXml.Load(fast, SecureXmlOptions.Duis), verifier);
        return template;
    }

    /// <summary>The signed 4.1.1 read for <paramref name="id"/>, as sent.</summary>
    public byte[] Request(RequestId id)
    {
        var idBytes = Ascii(id.ToString());
        var digest = SHA256.HashData(Concat(_canonicalHead, idBytes, _canonicalTail));
        var digestText = Ascii(Convert.ToBase64String(digest));
        var raw = _signer.Key.SignData(Concat(_signedInfoHead, digestText, _signedInfoTail), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return Concat(_head, idBytes, _afterId, digestText, _afterDigest, Ascii(Convert.ToBase64String(raw)), _tail);
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, at);
            at += part.Length;
        }
        return result;
    }

    private static (byte[] Before, byte[] After) Cut(byte[] whole, byte[] part)
    {
        int at = whole.AsSpan().IndexOf(part);
        if (at < 0 || whole.AsSpan(at + part.Length).IndexOf(part) >= 0)
            throw new InvalidOperationException("the signed-read template cannot place a varying part (absent, or present twice)");
        return (whole[..at], whole[(at + part.Length)..]);
    }

    private static byte[] WithoutSignatureValue(byte[] xml)
    {
        var text = Encoding.UTF8.GetString(xml);
        int start = text.IndexOf("<ds:SignatureValue>", StringComparison.Ordinal), end = text.IndexOf("</ds:SignatureValue>", StringComparison.Ordinal);
        return start < 0 || end < start ? xml : Encoding.UTF8.GetBytes(text[..start] + text[end..]);
    }

    private static XmlElement Element(XmlDocument doc, string localName) =>
        doc.GetElementsByTagName(localName, DuisNamespaces.XmlDsig)[0] as XmlElement ?? throw new InvalidOperationException($"no ds:{localName}");

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}

using System.Buffers;
using System.Buffers.Text;
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
    public byte[] Request(RequestId id) => Request(id.ToString());

    /// <summary>The signed 4.1.1 read for the RequestID <paramref name="id"/> (as <see cref="RequestId.ToString"/> writes it), as sent.</summary>
    /// <remarks>Built in one scratch buffer per call (rented, returned): only the request's own bytes are allocated.</remarks>
    public byte[] Request(string id)
    {
        int idLength = Encoding.ASCII.GetByteCount(id);
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(_canonicalHead.Length + idLength + _canonicalTail.Length,
            _signedInfoHead.Length + DigestText + _signedInfoTail.Length));
        try
        {
            Span<byte> digest = stackalloc byte[32], digestText = stackalloc byte[DigestText], raw = stackalloc byte[64];
            Span<byte> idBytes = stackalloc byte[idLength];
            Encoding.ASCII.GetBytes(id, idBytes);
            int canonical = Join(scratch, _canonicalHead, idBytes, _canonicalTail);
            SHA256.HashData(scratch.AsSpan(0, canonical), digest);
            Base64.EncodeToUtf8(digest, digestText, out _, out _);
            int signedInfo = Join(scratch, _signedInfoHead, digestText, _signedInfoTail);
            if (!_signer.Key.TrySignData(scratch.AsSpan(0, signedInfo), raw, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int rawLength))
                throw new CryptographicException("the ECDSA P-256 signature did not fit 64 bytes");
            Span<byte> value = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(rawLength)];
            Base64.EncodeToUtf8(raw[..rawLength], value, out _, out int valueLength);
            var request = new byte[_head.Length + idLength + _afterId.Length + DigestText + _afterDigest.Length + valueLength + _tail.Length];
            int at = Join(request, _head, idBytes, _afterId);
            at += Join(request.AsSpan(at), digestText, _afterDigest, value[..valueLength]);
            _tail.CopyTo(request.AsSpan(at));
            return request;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    // The base64 of a SHA-256 digest: 44 characters.
    private const int DigestText = 44;

    private static int Join(Span<byte> into, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        a.CopyTo(into);
        b.CopyTo(into[a.Length..]);
        c.CopyTo(into[(a.Length + b.Length)..]);
        return a.Length + b.Length + c.Length;
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

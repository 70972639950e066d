using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CommsHub.Dcc.Transforms.Chf;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Transforms.Credentials;

/// <summary>Reads the parts the DUIS credential-replacement bodies (6.15.1, 6.21, 6.23, 8.5) share.</summary>
internal static class CredentialsBody
{
    private static readonly DateTimeOffset Cancellation = new(3000, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The replacements a certificates element names, in DUIS order: DigitalSigningCertificate to the role's DS cell,
    /// KeyAgreementCertificate to its KA cell, KeyAgreementTopUpCertificate to its prepayment top-up KA cell.
    /// </summary>
    public static List<TrustAnchorReplacement> Replacements(XmlElement certificates, int role)
    {
        var list = new List<TrustAnchorReplacement>();
        if (DuisBody.Child(certificates, "DigitalSigningCertificate") is { } ds)
            list.Add(new TrustAnchorReplacement(Certificate(ds), new TrustAnchorCell(role, KeyUsage.DigitalSignature), ds.LocalName));
        if (DuisBody.Child(certificates, "KeyAgreementCertificate") is { } ka)
            list.Add(new TrustAnchorReplacement(Certificate(ka), new TrustAnchorCell(role, KeyUsage.KeyAgreement), ka.LocalName));
        if (DuisBody.Child(certificates, "KeyAgreementTopUpCertificate") is { } topUp)
            list.Add(new TrustAnchorReplacement(Certificate(topUp), new TrustAnchorCell(role, KeyUsage.KeyAgreement, PrepaymentTopUp: true), topUp.LocalName));
        if (list.Count == 0) throw DuisBody.Invalid($"sr:{certificates.LocalName} names no certificate");
        return list;
    }

    /// <summary>The sr:CertificationPathCertificates/sr:Certificate values, as DER.</summary>
    public static List<byte[]> CertificationPath(XmlElement body)
    {
        var path = DuisBody.Required(body, "CertificationPathCertificates").ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == "Certificate").Select(Certificate).ToList();
        return path.Count > 0 ? path : throw DuisBody.Invalid("sr:CertificationPathCertificates names no sr:Certificate");
    }

    /// <summary>sr:ApplyTimeBasedCPVChecks (xs:boolean): true when the checks are disapplied (the value is false).</summary>
    public static bool DisapplyTimeBasedChecks(XmlElement body) => DuisBody.RequiredText(body, "ApplyTimeBasedCPVChecks") switch
    {
        "true" or "1" => false,
        "false" or "0" => true,
        var other => throw DuisBody.Invalid($"sr:ApplyTimeBasedCPVChecks '{other}' is not an xs:boolean"),
    };

    /// <summary>A floor sequence number (xs:nonNegativeInteger up to 2^63-1), or null when the element is absent.</summary>
    public static long? Floor(XmlElement body, string name)
    {
        if (DuisBody.Text(body, name) is not { } text) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw DuisBody.Invalid($"sr:{name} '{text}' is not a sequence number 0..9223372036854775807");
    }

    /// <summary>
    /// The device-held execution time: sr:ExecutionDateTime as GeneralizedTime, DUIS's cancellation value
    /// 3000-12-31T00:00:00Z as 99991231235959Z (as RTDS's CANCELLATION commands carry it); null when absent.
    /// </summary>
    public static string? ExecutionDateTime(XmlElement body)
    {
        if (DuisBody.Text(body, "ExecutionDateTime") is not { } text) return null;
        var t = DuisBody.ParseDateTime(text, "ExecutionDateTime");
        return t == Cancellation ? "99991231235959Z" : GeneralizedTime.Format(t.UtcDateTime);
    }

    /// <summary>An originator counter as the authorising sequence number (an INTEGER in the payload).</summary>
    public static long SeqNumber(CommandHeader header) => header.OriginatorCounter <= long.MaxValue
        ? (long)header.OriginatorCounter
        : throw new DuisTransformException(TransformError.UnsupportedRequest,
            $"an originator counter above 2^63-1 ({header.OriginatorCounter}) as the authorising sequence number");

    // A base64 DER X.509 certificate, checked to be one; its bytes go into the command unchanged.
    private static byte[] Certificate(XmlElement e)
    {
        try
        {
            var der = Convert.FromBase64String(e.InnerText.Trim());
            using var _ = X509CertificateLoader.LoadCertificate(der);
            return der;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw DuisBody.Invalid($"sr:{e.LocalName} is not a base64 DER X.509 certificate: {ex.Message}");
        }
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// The 13 template/RTDS pairs of the credential replacements (6.15.1 CS02b/CS02g, 6.21, 6.23, 8.5) and why none is
/// byte-identical: every template carries different certificate bytes from RTDS's command. For 11 of them the template's
/// are re-issues (validity 2025-09-01..2035-09-01, new serials and CA signatures) of the very keys whose 2015/2016
/// certificates RTDS carries; CS02g's RTDS command carries the supplier's certificates (90B3D51F30010000) under the load
/// controller's cells, where the template carries the load controller's (90B3D51F30010008); 8.5's template carries as
/// the ACB's key agreement certificate a digitalSignature one of the ACB's digital signature key (RTDS: the ACB's KA
/// certificate), so the transform refuses it (<see cref="Refused"/>).
/// The DCC puts into the command the certificates the request carries; it does not swap them for others.
/// </summary>
internal static class Cs02bCredentialsPairs
{
    /// <summary>
    /// Pair name -> (first byte where the transform of the template differs from RTDS, why). Measured; the test
    /// <c>Cs02bCredentialsTests</c> checks each.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (int Byte, string Why)> Differences = new Dictionary<string, (int, string)>(StringComparer.Ordinal)
    {
        ["CS02bACBByACB_8.5_SUCCESS"] = (-1, "the template's ACB key agreement certificate (serial 4AA34F15..., 2025-09-01..2035-09-01) " +
            "is a digitalSignature certificate of the ACB's digital signature key, which the DCC refuses for the ACB's key agreement " +
            "cell; RTDS carries the ACB's KA certificate (630CEB61..., 2016-01-10..2026-01-09, other key)"),
        ["CS02bNOByNOHandover_6.21_SUCCESS"] = (9, NoReissued + " (2015-10-30 ones, 4FC0252E..., 4BF733EE...); they are 2 bytes " +
            "shorter, so the MAC header's length (byte 9) differs first"),
        ["CS02bNOByNO_6.15.1_SUCCESS"] = (84, NoReissued + " (2016-01-10 ones, 68AAC8A9..., 7D627967...); byte 84 is the first " +
            "certificate's serial"),
        ["CS02bSupplierBySupplierHandover_6.21_SUCCESS"] = (9, SupplierReissued + " (2015-10-30/11-04 ones, 4FBC5252..., " +
            "3B362657..., 70373377...); one byte shorter, so the MAC header's length (byte 9) differs first"),
        ["CS02bSupplierBySupplier_6.15.1_CANCELLATION_SUCCESS"] = (94, SupplierByItself),
        ["CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS"] = (94, SupplierByItself),
        ["CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS"] = (97, SupplierReissued + " (2016-01-10 ones, 4A07BC01..., " +
            "52D7B8A1..., 5BC2F4D9...); byte 97 is the first certificate's serial"),
        ["CS02bSupplierByTransCoS_6.23_CANCELLATION_SUCCESS"] = (9, Supplier2Reissued + "; and RTDS's cancellation leaves out " +
            "the supplier's floor sequence numbers [6] (20 bytes) that the template gives and RTDS's other two 6.23 commands carry, " +
            "so the MAC header's length (byte 9) differs first"),
        ["CS02bSupplierByTransCoS_6.23_FUTURE_DATED_SUCCESS"] = (9, Supplier2Reissued + "; one byte longer, so the MAC header's " +
            "length (byte 9) differs first"),
        ["CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS"] = (9, Supplier2Reissued + "; one byte longer, so the MAC header's " +
            "length (byte 9) differs first"),
        ["CS02gLoadControllerBySupplier_6.15.1_CANCELLATION_SUCCESS"] = (35, LoadController),
        ["CS02gLoadControllerBySupplier_6.15.1_FUTURE_DATED_SUCCESS"] = (35, LoadController),
        ["CS02gLoadControllerBySupplier_6.15.1_IMMEDIATE_SUCCESS"] = (35, LoadController),
    };

    /// <summary>
    /// Pairs whose template the transform refuses (InvalidBody), with the start of the refusal: their certificates do not
    /// fit the cells they are offered for. <see cref="Differences"/> gives them the byte -1 and says why.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Refused = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CS02bACBByACB_8.5_SUCCESS"] = "sr:KeyAgreementCertificate is not a keyAgreement certificate",
    };

    /// <summary>The 6.23 cancellation, whose RTDS command also leaves out the supplier's floor sequence numbers.</summary>
    public const string CoSCancellation = "CS02bSupplierByTransCoS_6.23_CANCELLATION_SUCCESS";

    private const string NoReissued = "the template's network operator DS and KA certificates (2025-09-01..2035-09-01) are " +
        "re-issues, with the same keys, of the ones RTDS carries";

    private const string SupplierReissued = "the template's supplier DS, KA and top-up KA certificates (2025-09-01..2035-09-01) " +
        "are re-issues, with the same keys, of the ones RTDS carries";

    private const string SupplierByItself = SupplierReissued + " (2016-01-10 ones, 4A07BC01..., 52D7B8A1..., 5BC2F4D9...); " +
        "byte 94 is the first certificate's serial";

    private const string Supplier2Reissued = "the template's supplier 2 (90B3D51F30030000) DS, KA and top-up KA certificates " +
        "(44B7F8A6..., 29429084..., 608C1321..., 2025-09-01..2035-09-01) are re-issues, with the same keys, of the 2015-12-23 ones " +
        "RTDS carries (39EAFF00..., 2C0AC55B..., 30E12228...)";

    private const string LoadController = "RTDS's CS02g carries the supplier's (90B3D51F30010000) 2016 DS and KA certificates " +
        "under the load controller's cells; the template carries the load controller's (90B3D51F30010008, 2025-09-01..2035-09-01), " +
        "27 bytes shorter, so the content length (byte 35) differs first";

    /// <summary>The reason the census and ChfConformanceTests print, by pair name (no suffix).</summary>
    public static IReadOnlyDictionary<string, string> CensusReasons =>
        Differences.ToDictionary(kv => kv.Key, kv => "template certificates differ from RTDS's: " + kv.Value.Why, StringComparer.Ordinal);

    /// <summary>True for a template file of one of these pairs.</summary>
    public static bool IsPairTemplate(string template) => Differences.ContainsKey(template.Replace("_REQUEST_DUIS.XML", "", StringComparison.Ordinal));

    /// <summary>The pairs: name, template path, RTDS file (PRECOMMAND for 6.15.1, else COMMAND).</summary>
    public static IReadOnlyList<(string Name, string Template, string Rtds)> Pairs() =>
        ConformanceCensus.Pairs().Where(p => p.Name.StartsWith("CS02b", StringComparison.Ordinal) || p.Name.StartsWith("CS02g", StringComparison.Ordinal))
            .Select(p => (p.Name, p.Template, p.RtdsFile)).ToList();

    /// <summary>The certificates in RTDS's command, in order: each replacement's, then the certification path's.</summary>
    public static List<byte[]> RtdsCertificates(byte[] rtds)
    {
        var m = TransformData.Parse(rtds);
        var reader = new AsnReader(rtds.AsMemory(m.ContentOffset, m.ContentLength), AsnEncodingRules.DER);
        var command = reader.ReadSequence();
        command.ReadEncodedValue(); // authorising remote party control
        var certificates = new List<byte[]>();
        var replacements = command.ReadSequence();
        while (replacements.HasData)
        {
            var replacement = replacements.ReadSequence();
            certificates.Add(replacement.ReadEncodedValue().ToArray());
        }
        var path = command.ReadSequence();
        while (path.HasData) certificates.Add(path.ReadEncodedValue().ToArray());
        return certificates;
    }

    /// <summary>
    /// An Update Security Credentials payload split into the encoded elements of its authorising remote party control
    /// and the encoded elements after it (replacements, certification path, execution time).
    /// </summary>
    public static (List<string> Control, List<string> Others) Elements(byte[] message)
    {
        var m = TransformData.Parse(message);
        var command = new AsnReader(message.AsMemory(m.ContentOffset, m.ContentLength), AsnEncodingRules.DER).ReadSequence();
        var control = command.ReadSequence();
        var controlElements = new List<string>();
        while (control.HasData) controlElements.Add(Convert.ToHexString(control.ReadEncodedValue().Span));
        var rest = new List<string>();
        while (command.HasData) rest.Add(Convert.ToHexString(command.ReadEncodedValue().Span));
        return (controlElements, rest);
    }

    /// <summary>
    /// The encoded elements of an Update Security Credentials payload with the replacement certificates left out: the
    /// authorising remote party control's, each replacement's trust anchor cell, the certification path's certificates and
    /// the execution time.
    /// </summary>
    public static List<string> WithoutReplacementCertificates(byte[] message)
    {
        var m = TransformData.Parse(message);
        var command = new AsnReader(message.AsMemory(m.ContentOffset, m.ContentLength), AsnEncodingRules.DER).ReadSequence();
        var elements = new List<string>();
        var control = command.ReadSequence();
        while (control.HasData) elements.Add("control " + Convert.ToHexString(control.ReadEncodedValue().Span));
        var replacements = command.ReadSequence();
        while (replacements.HasData)
        {
            var replacement = replacements.ReadSequence();
            replacement.ReadEncodedValue(); // the certificate
            elements.Add("cell " + Convert.ToHexString(replacement.ReadEncodedValue().Span));
        }
        var path = command.ReadSequence();
        while (path.HasData) elements.Add("path " + Convert.ToHexString(path.ReadEncodedValue().Span));
        while (command.HasData) elements.Add(Convert.ToHexString(command.ReadEncodedValue().Span));
        return elements;
    }

    /// <summary>The certificate elements of a template body, in document order (replacements first, then the path).</summary>
    public static List<XmlElement> CertificateElements(DuisRequest request) =>
        request.BodyElement.GetElementsByTagName("*").OfType<XmlElement>()
            .Where(e => e.LocalName.EndsWith("Certificate", StringComparison.Ordinal) && e.ChildNodes.OfType<XmlElement>().Count() == 0).ToList();

    /// <summary>The template with RTDS's certificates in place of its own.</summary>
    public static DuisRequest WithRtdsCertificates(string template, byte[] rtds)
    {
        var request = TransformData.Load(template);
        var elements = CertificateElements(request);
        var certificates = RtdsCertificates(rtds);
        if (elements.Count != certificates.Count)
            throw new InvalidOperationException($"{Path.GetFileName(template)} has {elements.Count} certificates, RTDS {certificates.Count}");
        for (var i = 0; i < elements.Count; i++) elements[i].InnerText = Convert.ToBase64String(certificates[i]);
        return request;
    }

    /// <summary>"serial S, notBefore..notAfter, subject" of a DER certificate.</summary>
    public static string Describe(byte[] der)
    {
        using var c = X509CertificateLoader.LoadCertificate(der);
        return $"serial {c.SerialNumber}, {c.NotBefore.ToUniversalTime():yyyy-MM-dd}..{c.NotAfter.ToUniversalTime():yyyy-MM-dd}, {c.Subject}";
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>Credential-replacement requests the transform refuses, each with a typed error.</summary>
public sealed class Cs02bCredentialsErrorTests
{
    private const string SupplierKrp = "CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML";

    private static DuisTransformException Refusal(string template, Action<DuisRequest> edit, DuisTransformer? transformer = null,
        DateTimeOffset? now = null)
    {
        var request = TransformData.LoadTemplate(template);
        edit(request);
        var context = TransformData.Context(request, 1);
        if (now is { } n) context = context with { Now = n };
        return Assert.Throws<DuisTransformException>(() => (transformer ?? TransformData.Transformer()).Transform(request, context));
    }

    private static void SetText(DuisRequest request, string element, string text) =>
        request.BodyElement.GetElementsByTagName(element, DuisNamespaces.ServiceUserGateway)[0]!.InnerText = text;

    [SharedDataFact]
    public void A_supplier_replacing_the_network_operator_s_trust_anchors_is_an_invalid_body()
    {
        var ex = Refusal(SupplierKrp, r => SetText(r, "RemotePartyRole", "NetworkOperator"));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains("network operator", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void A_role_users_do_not_replace_is_unsupported()
    {
        Assert.Equal(TransformError.UnsupportedRequest, Refusal(SupplierKrp, r => SetText(r, "RemotePartyRole", "Root")).Error);
    }

    [SharedDataFact]
    public void A_replacement_certificate_that_is_not_X509_is_an_invalid_body()
    {
        var ex = Refusal(SupplierKrp, r => SetText(r, "KeyAgreementCertificate", Convert.ToBase64String([0x30, 0x03, 0x02, 0x01, 0x00])));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains("KeyAgreementCertificate", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void A_floor_sequence_number_beyond_2_63_is_an_invalid_body()
    {
        var ex = Refusal(SupplierKrp, r => SetText(r, "RemotePartyFloorSeqNumber", "9223372036854775808"));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
    }

    /// <summary>DUIS makes 8.5's execution time mandatory and future: the adapter's clock (TransformContext.Now) decides.</summary>
    [SharedDataFact]
    public void A_service_opt_out_whose_execution_time_has_passed_is_an_invalid_body()
    {
        // The template's ExecutionDateTime is 2015-01-15T00:00:00Z.
        var ex = Refusal("CS02bACBByACB_8.5_SUCCESS_REQUEST_DUIS.XML", _ => { }, now: new DateTimeOffset(2015, 1, 15, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains("future", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void A_change_of_supplier_update_without_a_TransCoS_party_is_missing_context()
    {
        var withoutTransCoS = new DuisTransformer(new NetGbcsCrypto(), TransformData.Keys.Value, RtdsTestIdentities.AccessControlBroker);
        var ex = Refusal("CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", _ => { }, withoutTransCoS);
        Assert.Equal(TransformError.MissingContext, ex.Error);
    }

    private const string NetworkOperatorKrp = "CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML";
    private const string AcbOptOut = "CS02bACBByACB_8.5_SUCCESS_REQUEST_DUIS.XML";
    private const string ChangeOfSupplier = "CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML";

    // The base64 text of a certificate element of another template (all chain to the same issuing CA, Z1).
    private static string CertificateOf(string template, string element) =>
        TransformData.LoadTemplate(template).BodyElement.GetElementsByTagName(element, DuisNamespaces.ServiceUserGateway)[0]!.InnerText.Trim();

    // The refusal of <template> with <element> carrying <certificate> (base64): always InvalidBody.
    private static string CertificateRefusal(string template, string element, string certificate)
    {
        var ex = Refusal(template, r => SetText(r, element, certificate));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        return ex.Message;
    }

    [SharedDataFact]
    public void A_network_operator_s_certificate_in_the_supplier_s_cell_is_an_invalid_body()
    {
        var message = CertificateRefusal(SupplierKrp, "DigitalSigningCertificate", CertificateOf(NetworkOperatorKrp, "DigitalSigningCertificate"));
        Assert.Contains("is for remote party role OU=03; the supplier's digital signature cell needs OU=02", message, StringComparison.Ordinal);
    }

    /// <summary>The ACB's certificate (OU 04) signs too, but is not a supplier's: the supplier's DS cell refuses it.</summary>
    [SharedDataFact]
    public void An_access_control_broker_certificate_in_the_supplier_s_cell_is_an_invalid_body()
    {
        // 8.5's template carries a digitalSignature certificate of the ACB (see Cs02bCredentialsPairs).
        var message = CertificateRefusal(SupplierKrp, "DigitalSigningCertificate", CertificateOf(AcbOptOut, "KeyAgreementCertificate"));
        Assert.Contains("OU=04; the supplier's digital signature cell needs OU=02", message, StringComparison.Ordinal);
    }

    /// <summary>6.15.1 supplier by supplier replaces the user's own cells: a certificate naming another supplier is refused.</summary>
    [SharedDataFact]
    public void Another_supplier_s_certificate_in_a_user_s_own_replacement_is_an_invalid_body()
    {
        // 6.23's template carries supplier 2's (90B3D51F30030000) certificates; the user is 90B3D51F30010000.
        var message = CertificateRefusal(SupplierKrp, "KeyAgreementCertificate", CertificateOf(ChangeOfSupplier, "KeyAgreementCertificate"));
        Assert.Contains("names 90B3D51F30030000, not the user 90B3D51F30010000", message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The supplier's own DS certificate, re-signed by a key of the attacker's under the issuing CA's very name: the
    /// name matches the certification path, the signature does not.
    /// </summary>
    [SharedDataFact]
    public void A_replacement_certificate_the_certification_path_did_not_sign_is_an_invalid_body()
    {
        using var issuing = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(CertificateOf(SupplierKrp, "Certificate")));
        using var genuine = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(CertificateOf(SupplierKrp, "DigitalSigningCertificate")));
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var copy = new CertificateRequest(genuine.SubjectName, genuine.PublicKey, HashAlgorithmName.SHA256);
        foreach (var e in genuine.Extensions) copy.CertificateExtensions.Add(e);
        using var forged = copy.Create(issuing.SubjectName, X509SignatureGenerator.CreateForECDsa(forger), genuine.NotBefore, genuine.NotAfter,
            genuine.GetSerialNumber().Reverse().ToArray());
        Assert.Equal(genuine.Issuer, forged.Issuer);
        var message = CertificateRefusal(SupplierKrp, "DigitalSigningCertificate", Convert.ToBase64String(forged.RawData));
        Assert.Contains("not issued by a certificate of sr:CertificationPathCertificates", message, StringComparison.Ordinal);
    }

    /// <summary>A supplier's own digital-signing certificate offered for its key agreement cell: right party, wrong key usage.</summary>
    [SharedDataFact]
    public void A_digital_signing_certificate_for_the_key_agreement_cell_is_an_invalid_body()
    {
        var message = CertificateRefusal(SupplierKrp, "KeyAgreementCertificate", CertificateOf(SupplierKrp, "DigitalSigningCertificate"));
        Assert.Contains("sr:KeyAgreementCertificate is not a keyAgreement certificate", message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void A_key_agreement_certificate_for_the_digital_signature_cell_is_an_invalid_body()
    {
        var message = CertificateRefusal(NetworkOperatorKrp, "DigitalSigningCertificate", CertificateOf(NetworkOperatorKrp, "KeyAgreementCertificate"));
        Assert.Contains("sr:DigitalSigningCertificate is not a digitalSignature certificate", message, StringComparison.Ordinal);
    }
}

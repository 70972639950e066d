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
}

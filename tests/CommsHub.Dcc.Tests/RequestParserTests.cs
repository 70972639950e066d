using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

public class RequestParserTests
{
    public static IEnumerable<object[]> Requests() => DuisData.Files("templates", "duis-parser-tests", "generated");

    [SharedDataTheory]
    [MemberData(nameof(Requests))]
    public void Every_request_template_parses_into_a_known_SRV_and_allowed_CV(string file)
    {
        var doc = DuisData.Load(file);
        DuisData.Validator.Validate(doc);
        var request = DuisRequestParser.Parse(doc);
        var h = request.Header;
        var info = SrvCatalogue.Find(h.ServiceReferenceVariant);
        Assert.NotNull(info);
        Assert.Equal(info.ServiceReference, h.ServiceReference);
        Assert.True(info.CommandVariants.Contains(h.CommandVariant), $"CV {h.CommandVariant} not allowed for {h.ServiceReferenceVariant}");
        Assert.False(string.IsNullOrEmpty(request.BodyName));
    }

    [SharedDataFact]
    public void Header_fields_are_read()
    {
        var request = DuisRequestParser.Parse(DuisData.Load("templates/CCS01_8.11_SUCCESS_REQUEST_DUIS.XML"));
        Assert.Equal("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A2:1002", request.Header.RequestId.ToString());
        Assert.Equal(1, request.Header.CommandVariant);
        Assert.Equal("8.11", request.Header.ServiceReference);
        Assert.Equal("8.11", request.Header.ServiceReferenceVariant);
        Assert.Null(request.Header.FirstInSequence);
        Assert.Null(request.Header.PrecedingServiceRequestId);
        Assert.Equal("UpdateHANDeviceLog", request.BodyName);
        Assert.Equal("5.4", request.SchemaVersion);
    }

    [SharedDataFact]
    public void A_response_is_not_a_request()
    {
        var ex = Assert.Throws<DuisRejectedException>(() => DuisRequestParser.Parse(DuisData.Load("signed-responses/readfw-response.xml")));
        Assert.Equal(DuisRejectReason.WrongRoot, ex.Reason);
    }

    [SharedDataFact]
    public void Out_of_range_command_variant_is_refused()
    {
        var doc = DuisData.Load("templates/CCS01_8.11_SUCCESS_REQUEST_DUIS.XML");
        doc.GetElementsByTagName("CommandVariant", DuisNamespaces.ServiceUserGateway)[0]!.InnerText = "9";
        var ex = Assert.Throws<DuisRejectedException>(() => DuisRequestParser.Parse(doc));
        Assert.Equal(DuisRejectReason.BadHeader, ex.Reason);
        Assert.Contains("CommandVariant", ex.Message);
    }
}

using System.Text;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>Input that is not a usable DUIS request: a typed refusal, no DUIS answer, nothing persisted, nothing audited.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string, string, DuisRejectReason, int> Inputs => new()
    {
        { "empty", "", DuisRejectReason.Malformed, 400 },
        { "not xml", "hello", DuisRejectReason.Malformed, 400 },
        { "truncated", "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"><sr:Header>", DuisRejectReason.Malformed, 400 },
        { "entity bomb", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>", DuisRejectReason.EntityExpansion, 400 },
        { "xxe", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>", DuisRejectReason.ExternalEntity, 400 },
        { "wrong root", "<Request/>", DuisRejectReason.WrongRoot, 400 },
        { "xsd-invalid", "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\" schemaVersion=\"5.4\"><sr:Header/></sr:Request>", DuisRejectReason.SchemaInvalid, 400 },
    };

    [SharedDataTheory]
    [MemberData(nameof(Inputs))]
    public async Task Refused_without_trace(string name, string body, DuisRejectReason reason, int status)
    {
        using var rig = new Rig();
        var result = await rig.Intake.ProcessAsync(Encoding.UTF8.GetBytes(body), DuisEndpoint.ServiceS);

        Assert.True(result.Kind == DuisOutcomeKind.Refused, name);
        Assert.Equal((reason, status), (result.RejectReason!.Value, result.HttpStatus));
        Assert.Null(result.Response);
        Assert.Equal(0, rig.PendingCount());
        Assert.Empty(rig.Store.Audit.Read());
    }

    [SharedDataFact]
    public async Task Oversized_body_is_413()
    {
        using var rig = new Rig();
        var body = Encoding.UTF8.GetBytes("<a>" + new string('x', 5 * 1024 * 1024) + "</a>");
        var result = await rig.Intake.ProcessAsync(body, DuisEndpoint.ServiceS);
        Assert.Equal((DuisOutcomeKind.Refused, 413, DuisRejectReason.Oversized), (result.Kind, result.HttpStatus, result.RejectReason!.Value));
    }

    [SharedDataFact]
    public async Task Placeholder_signature_is_E1_without_persisting()
    {
        using var rig = new Rig();
        var template = File.ReadAllBytes(SharedData.PathOf("vectors/gbcs/duis/templates/ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML"));
        var result = await rig.Intake.ProcessAsync(template, DuisEndpoint.ServiceS);

        Assert.Equal(DuisOutcomeKind.Unauthenticated, result.Kind);
        Assert.Equal("E1", Rig.Field(rig.CheckedResponse(result.ResponseBytes!), "ResponseCode"));
        Assert.Equal(0, rig.PendingCount());
        Assert.Empty(rig.Store.Audit.Read());
        // The counter was not burnt: the genuine request with that counter passes.
        Assert.Equal(DuisOutcomeKind.Accepted,
            (await rig.Intake.ProcessAsync(rig.Signed("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", 1000), DuisEndpoint.ServiceS)).Kind);
    }

    [SharedDataFact]
    public async Task Tampered_request_is_E1()
    {
        using var rig = new Rig();
        var text = Encoding.UTF8.GetString(rig.Signed("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", 1000));
        var tampered = Encoding.UTF8.GetBytes(text.Replace("90-A0:1000", "90-A0:1001"));
        var result = await rig.Intake.ProcessAsync(tampered, DuisEndpoint.ServiceS);
        Assert.Equal((DuisOutcomeKind.Unauthenticated, DuisRejectReason.SignatureInvalid), (result.Kind, result.RejectReason!.Value));
        // The user gets the E1 the name promises, as a signed DUIS answer, and nothing is kept.
        Assert.Equal("E1", result.ResponseCode);
        Assert.Equal("E1", Rig.Field(rig.CheckedResponse(result.ResponseBytes!), "ResponseCode"));
        Assert.Equal(0, rig.PendingCount());
        Assert.Empty(rig.Mqtt.Published);
    }
}

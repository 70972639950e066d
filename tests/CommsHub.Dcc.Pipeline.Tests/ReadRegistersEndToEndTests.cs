using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>4.1.1 (ECS17b) from the signed DUIS request to the I0 the user receives, against RTDS bytes.</summary>
public sealed class ReadRegistersEndToEndTests
{
    private const string Template = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    private const string Command = "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX";
    private const string Response = "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX";

    [SharedDataFact]
    public async Task Accepted_request_answers_I99_and_publishes_the_RTDS_command()
    {
        using var rig = new Rig();
        var result = await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);

        Assert.Equal(DuisOutcomeKind.Accepted, result.Kind);
        Assert.Equal(200, result.HttpStatus);
        var answer = rig.CheckedResponse(result.ResponseBytes!);
        Assert.Equal("I99", Rig.Field(answer, "ResponseCode"));
        Assert.Equal("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000", Rig.Field(answer, "RequestID"));

        var published = Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
        Assert.Equal(Convert.ToHexString(Rig.Rtds(Command)), Convert.ToHexString(published.Payload));
        var pending = rig.Store.PendingRequests.Find(result.PendingRequestId!)!;
        Assert.Equal(PendingState.Sent, pending.State);
        Assert.Equal((Rig.Esme, 1000UL, Rig.Supplier), (pending.DeviceEui, pending.OriginatorCounter, pending.UserEui));
        Assert.Equal(rig.Clock.Now.AddSeconds(60), pending.Deadline);
        Assert.Contains(rig.Store.Audit.ForRequest(pending.RequestId), e => e.ResponseCode == "I99" && e.Outcome == AccessOutcome.Accepted);
    }

    [SharedDataFact]
    public async Task Device_response_reaches_the_user_as_a_signed_I0_with_the_GBCS_payload()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        var rtdsResponse = Rig.Rtds(Response);

        var outcome = await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), rtdsResponse);

        Assert.Equal(CorrelationOutcome.Delivered, outcome);
        var delivered = Assert.Single(rig.Delivery.Delivered);
        Assert.Equal(Rig.Supplier, delivered.UserEui);
        var doc = rig.CheckedResponse(delivered.Xml);
        Assert.Equal("I0", Rig.Field(doc, "ResponseCode"));
        Assert.Equal("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000", Rig.Field(doc, "RequestID"));
        Assert.Equal("00-DB-12-34-56-78-90-A0:90-B3-D5-1F-30-01-00-00:1000", Rig.Field(doc, "ResponseID"));
        Assert.Equal("4.1.1", Rig.Field(doc, "ServiceReferenceVariant"));
        Assert.Equal(rtdsResponse, Convert.FromBase64String(Rig.Field(doc, "GBCSPayload")!));
        // The same bytes on the user's MQTT topic and HTTP callback.
        Assert.Equal(delivered.Xml, Assert.Single(rig.Mqtt.On(MqttUserDelivery.TopicFor(Rig.Supplier))).Payload);
        var post = Assert.Single(rig.Callback.Posts);
        Assert.Equal((Rig.SupplierCallback, "application/xml"), (post.Url, post.ContentType));
        Assert.Equal(delivered.Xml, post.Body);
        Assert.Equal(PendingState.Completed, rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!.State);
    }

    [SharedDataFact]
    public async Task Duplicate_up_frame_is_delivered_once()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        var frame = Rig.Rtds(Response);

        Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        Assert.Equal(CorrelationOutcome.Duplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        Assert.Equal(CorrelationOutcome.Duplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), (byte[])frame.Clone()));

        Assert.Single(rig.Delivery.Delivered);
    }

    // The answer is stored with the request's completion, so a failed delivery neither loses it nor needs the hub to send
    // the frame again: the frame is acknowledged (a later copy is a duplicate) and the outbox sends the same bytes later.
    [SharedDataFact]
    public async Task Failed_delivery_is_kept_and_sent_again_by_the_outbox_with_the_same_bytes()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        var frame = Rig.Rtds(Response);
        rig.Delivery.Fail = true;
        rig.Callback.Status = System.Net.HttpStatusCode.ServiceUnavailable;

        Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        Assert.Equal(PendingState.Completed, rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!.State);
        Assert.Empty(rig.Delivery.Delivered);
        var kept = rig.Store.Outbox.Find(DuisMessageKind.Response, "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000");
        Assert.NotNull(kept);
        Assert.Equal(CorrelationOutcome.Duplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));

        rig.Delivery.Fail = false;
        rig.Callback.Status = System.Net.HttpStatusCode.OK;
        rig.Clock.Now += rig.Outbox.Options.FirstRetry;
        var pass = await rig.Outbox.PumpAsync();
        Assert.Equal((1, 1, 0, 0), (pass.Claimed, pass.Taken, pass.Sent, pass.Failed));
        var delivered = Assert.Single(rig.Delivery.Delivered);
        Assert.Equal(kept.Xml, delivered.Xml);
        Assert.Equal("I0", Rig.Field(rig.CheckedResponse(delivered.Xml), "ResponseCode"));
        // Every attempt put the same bytes on the user's topic and callback (the first one reached them before failing).
        Assert.Equal(2, rig.Mqtt.On(MqttUserDelivery.TopicFor(Rig.Supplier)).Count);
        Assert.All(rig.Mqtt.On(MqttUserDelivery.TopicFor(Rig.Supplier)), p => Assert.Equal(kept.Xml, p.Payload));
        Assert.All(rig.Callback.Posts, p => Assert.Equal(kept.Xml, p.Body));
        Assert.Null(rig.Store.Outbox.Find(DuisMessageKind.Response, kept.Key));
    }

    [SharedDataFact]
    public async Task Response_with_a_broken_MAC_is_dropped_and_the_request_stays_open()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        var frame = Rig.Rtds(Response);
        frame[^1] ^= 0x01;

        Assert.Equal(CorrelationOutcome.Invalid, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), frame));
        Assert.Empty(rig.Delivery.Delivered);
        Assert.Equal(PendingState.Sent, rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!.State);
    }

    [SharedDataFact]
    public async Task Response_nobody_asked_for_is_unmatched()
    {
        using var rig = new Rig();
        Assert.Equal(CorrelationOutcome.Unmatched, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
        Assert.Equal(CorrelationOutcome.Malformed, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), [0xDD, 0x00, 0x01]));
        Assert.Equal(CorrelationOutcome.Malformed, await rig.Correlator.HandleAsync("chub/nothex/up", Rig.Rtds(Response)));
        Assert.Empty(rig.Delivery.Delivered);
    }

    // GBCS originator counters are per originator: two users may read one meter with the same counter, and the device's
    // response, which names its target, finishes only the request of the user it answers.
    [SharedDataFact]
    public async Task Two_users_with_the_same_counter_on_one_meter_are_both_accepted_and_the_response_finishes_its_own()
    {
        using var rig = new Rig();
        var supplier = await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        var distributor = await rig.Intake.ProcessAsync(rig.Signed(Template, 1000, rig.NetworkOperatorSigner, Rig.NetworkOperator),
            DuisEndpoint.ServiceS);
        Assert.Equal(("I99", "I99"), (supplier.ResponseCode, distributor.ResponseCode));
        Assert.Equal(2, rig.Mqtt.On(Rig.DownTopic(Rig.Chf)).Count());

        // The RTDS response answers the supplier (its Business Target), so only the supplier's request is finished.
        Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
        Assert.Equal(Rig.Supplier, Assert.Single(rig.Delivery.Delivered).UserEui);
        Assert.Equal(PendingState.Completed, rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!.State);
        var other = rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.NetworkOperator, 1000)!;
        Assert.Equal((Rig.NetworkOperator, PendingState.Sent), (other.UserEui, other.State));
        Assert.Equal(CorrelationOutcome.Duplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
    }
}

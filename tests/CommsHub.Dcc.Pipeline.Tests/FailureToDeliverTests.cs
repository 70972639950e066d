using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// The hub's failure-to-deliver alert (0x00D5, alert 0x8F84) answers the request it names at once with E20, not by the
/// sweeper's E21 a minute later (issue 11, item 10).
/// </summary>
public sealed class FailureToDeliverTests
{
    private const string Template = "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML";
    private const string Response = "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX";
    private static readonly Lazy<DirectoryKeyStore> Keys = new(() => new DirectoryKeyStore(RtdsCorpus.KeystorePath));

    // The alert as a hub raises it: from the CHF to the ACB, MAC'd with their KA pair (built here from the ACB's side
    // of the same shared secret), naming the undelivered command.
    private static byte[] Alert(ulong chf, ulong alertCounter, ulong originator, ulong device, ulong commandCounter)
    {
        var body = new FailureToDeliverAlert
        {
            BusinessOriginator = originator, BusinessTarget = device, Cra = CraFlag.Command, OriginatorCounter = commandCounter,
        };
        var payload = DataNotification.Alert(1, FailureToDeliverAlert.AlertCode, DlmsDateTime.FromUtc(new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc)),
            [body.ToData()]).Encode();
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = true, Cra = CraFlag.Alert, OriginatorCounter = alertCounter, Originator = chf,
            Target = RtdsTestIdentities.AccessControlBroker, MessageCode = FailureToDeliverAlert.MessageCode,
        };
        b.SetContent(payload);
        var frame = b.Build();
        var m = GbcsFrameParser.Parse(frame);
        var acb = Keys.Value.GetPrivateKey(RtdsTestIdentities.AccessControlBroker, KeyUsage.KeyAgreement, false);
        Assert.True(new GbcsMac(new NetGbcsCrypto()).Apply(m, acb, Keys.Value.GetPublicKey(chf, KeyUsage.KeyAgreement, false)));
        return frame;
    }

    [SharedDataFact]
    public async Task The_alert_answers_its_request_at_once_with_E20_and_nothing_more_follows()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);

        var alert = Alert(Rig.Chf, 5000, Rig.Supplier, Rig.Esme, 1000);
        Assert.Equal(CorrelationOutcome.CommandUndelivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), alert));

        var d = Assert.Single(rig.Delivery.Delivered);
        Assert.Equal((Rig.Supplier, DuisMessageKind.Response), (d.UserEui, d.Kind));
        var doc = rig.CheckedResponse(d.Xml);
        Assert.Equal(ResponseCodes.E20, Rig.Field(doc, "ResponseCode"));
        Assert.Equal("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000", Rig.Field(doc, "RequestID"));
        var p = rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!;
        Assert.Equal((PendingState.Failed, "E20"), (p.State, p.ResponseCode));

        // The same alert again (QoS 1), a response after all, and the sweep at the deadline: nothing more for the user.
        Assert.Equal(CorrelationOutcome.AlertDuplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), alert));
        Assert.Equal(CorrelationOutcome.Duplicate, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Rig.Rtds(Response)));
        rig.Clock.Now = rig.Clock.Now.AddSeconds(61);
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());
        Assert.Single(rig.Delivery.Delivered);
    }

    [SharedDataFact]
    public async Task An_alert_whose_finish_fails_is_not_spent_and_its_resend_answers_E20()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        // The first unit of work begun through this store (the finish's) fails to commit, as on a full disk.
        var units = 0;
        var store = new WrappedStore(rig.Store, unit: u => Interlocked.Increment(ref units) == 1 ? new FailingCommit(u) : u);
        var correlator = new ResponseCorrelator(store, new NetGbcsCrypto(), Keys.Value, RtdsTestIdentities.AccessControlBroker,
            new DuisAsyncResponses(store, rig.Writer, rig.Outbox), rig.Clock);
        var alert = Alert(Rig.Chf, 5000, Rig.Supplier, Rig.Esme, 1000);

        await Assert.ThrowsAsync<StoreCommitException>(() => correlator.HandleAsync(Rig.UpTopic(Rig.Chf), alert));
        Assert.Empty(rig.Delivery.Delivered);

        // Not acknowledged, so the hub sends it again: it must still answer the request with E20, not be taken for a
        // duplicate (which would leave the request to the sweeper's E21).
        Assert.Equal(CorrelationOutcome.CommandUndelivered, await correlator.HandleAsync(Rig.UpTopic(Rig.Chf), alert));
        Assert.Equal(ResponseCodes.E20, Rig.Field(rig.CheckedResponse(Assert.Single(rig.Delivery.Delivered).Xml), "ResponseCode"));
        Assert.Equal(CorrelationOutcome.AlertDuplicate, await correlator.HandleAsync(Rig.UpTopic(Rig.Chf), alert));
        rig.Clock.Now = rig.Clock.Now.AddSeconds(61);
        Assert.Equal(new SweepResult(0, 0, 0), await rig.Sweeper.SweepAsync());
        Assert.Single(rig.Delivery.Delivered);
    }

    [SharedDataFact]
    public async Task An_alert_from_a_hub_the_device_is_not_on_finishes_nothing()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed(Template, 1000), DuisEndpoint.ServiceS);
        const ulong otherDevice = 0x00DB123456789001UL; // genuine key pair, but not the ESME's hub

        var alert = Alert(otherDevice, 5000, Rig.Supplier, Rig.Esme, 1000);
        Assert.Equal(CorrelationOutcome.Invalid, await rig.Correlator.HandleAsync(Rig.UpTopic(otherDevice), alert));
        Assert.Empty(rig.Delivery.Delivered);
        Assert.Equal(PendingState.Sent, rig.Store.PendingRequests.FindByCorrelation(Rig.Esme, Rig.Supplier, 1000)!.State);
    }

    [SharedDataFact]
    public async Task An_alert_for_no_open_request_goes_the_way_of_any_alert()
    {
        using var rig = new Rig();
        var alert = Alert(Rig.Chf, 5000, Rig.Supplier, Rig.Esme, 4242);
        // Routed as a device alert of the hub to its registered supplier, as every CHF alert is.
        Assert.Equal(CorrelationOutcome.AlertDelivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), alert));
        Assert.Equal(DuisMessageKind.DeviceAlert, Assert.Single(rig.Delivery.Delivered).Kind);
    }
}

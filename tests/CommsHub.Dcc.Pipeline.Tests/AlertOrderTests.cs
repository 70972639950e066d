using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// Alerts handled out of order (two instances sharing the subscription, or one resent by the hub after a later one
/// succeeded) each reach the user once; a replay, or a counter below the device's window, is still a duplicate.
/// </summary>
public sealed class AlertOrderTests
{
    private const int Cs14MessageCode = 0x0018, DeviceLogChanged = 0x8F12;
    private const ulong N = 7000;
    private static readonly Lazy<DirectoryKeyStore> Keys = new(() => new DirectoryKeyStore(RtdsCorpus.KeystorePath));

    // A CS14 alert as the hub raises it with its own counter: from the CHF to the ACB, MAC'd with their KA pair (built
    // here from the ACB's side of the same shared secret).
    private static byte[] Alert(ulong counter)
    {
        var payload = DataNotification.Alert(1, DeviceLogChanged, DlmsDateTime.FromUtc(new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc)), [])
            .Encode();
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = true, Cra = CraFlag.Alert, OriginatorCounter = counter, Originator = Rig.Chf,
            Target = RtdsTestIdentities.AccessControlBroker, MessageCode = Cs14MessageCode,
        };
        b.SetContent(payload);
        var frame = b.Build();
        var acb = Keys.Value.GetPrivateKey(RtdsTestIdentities.AccessControlBroker, KeyUsage.KeyAgreement, false);
        Assert.True(new GbcsMac(new NetGbcsCrypto()).Apply(GbcsFrameParser.Parse(frame), acb,
            Keys.Value.GetPublicKey(Rig.Chf, KeyUsage.KeyAgreement, false)));
        return frame;
    }

    private static Task<CorrelationOutcome> Handle(Rig rig, ulong counter) => rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), Alert(counter));

    private static string[] ResponseIds(Rig rig) =>
        rig.Delivery.Delivered.Select(d => Rig.Field(rig.CheckedResponse(d.Xml), "ResponseID")!).ToArray();

    private static string IdOf(ulong counter) => $"00-DB-12-34-56-78-90-A2:90-B3-D5-1F-30-01-00-00:{counter}";

    [SharedDataFact]
    public async Task Alert_N_handled_after_N_plus_1_reaches_the_user_and_each_once()
    {
        using var rig = new Rig();
        Assert.Equal(CorrelationOutcome.AlertDelivered, await Handle(rig, N + 1));
        Assert.Equal(CorrelationOutcome.AlertDelivered, await Handle(rig, N));

        Assert.Equal([IdOf(N + 1), IdOf(N)], ResponseIds(rig));
        Assert.All(rig.Delivery.Delivered, d => Assert.Equal((Rig.Supplier, DuisMessageKind.DeviceAlert), (d.UserEui, d.Kind)));
        Assert.Equal(CorrelationOutcome.AlertDuplicate, await Handle(rig, N + 1));
        Assert.Equal(2, rig.Delivery.Delivered.Count);
    }

    [SharedDataFact]
    public async Task A_replay_of_N_after_it_was_taken_out_of_order_is_a_duplicate()
    {
        using var rig = new Rig();
        Assert.Equal(CorrelationOutcome.AlertDelivered, await Handle(rig, N + 3));
        Assert.Equal(CorrelationOutcome.AlertDelivered, await Handle(rig, N));
        Assert.Equal(CorrelationOutcome.AlertDuplicate, await Handle(rig, N));
        Assert.Equal(CorrelationOutcome.AlertDelivered, await Handle(rig, N + 2)); // the gap between is still open
        Assert.Equal(CorrelationOutcome.AlertDuplicate, await Handle(rig, N + 2));
        Assert.Equal([IdOf(N + 3), IdOf(N), IdOf(N + 2)], ResponseIds(rig));
    }

    [SharedDataFact]
    public async Task A_counter_below_the_window_is_a_duplicate()
    {
        using var rig = new Rig();
        Assert.Equal(CorrelationOutcome.AlertDelivered, await Handle(rig, N + 64));
        Assert.Equal(CorrelationOutcome.AlertDuplicate, await Handle(rig, N - 1)); // 65 below the highest
        Assert.Equal(CorrelationOutcome.AlertDelivered, await Handle(rig, N)); // the oldest the window holds
        Assert.Equal([IdOf(N + 64), IdOf(N)], ResponseIds(rig));
    }
}

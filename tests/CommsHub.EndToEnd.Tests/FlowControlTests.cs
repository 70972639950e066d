using CommsHub.Dcc.Smki;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.EndToEnd.Tests;

/// <summary>The demo with small hub outboxes (10 frames), its meters joined at start as an installer would.</summary>
public sealed class SmallOutboxRig : AdapterRig
{
    protected override IEnumerable<string> Settings => ["--CommsHub:Demo:OutboxCapacity=10", "--CommsHub:Demo:JoinMeters=true"];
}

/// <summary>
/// Issue 11, item 10, through the adapter and the virtual hubs: a burst bigger than a hub's outbox loses no answer (the
/// hub holds back the WAN instead of dropping them), and a gas command the hub cannot deliver is answered E20 at once.
/// </summary>
public sealed class FlowControlTests(SmallOutboxRig rig) : IClassFixture<SmallOutboxRig>
{
    private const ulong Supplier = DemoIdentities.Supplier;
    private const string ReadGas = "GCS13a_4.1.1_SUCCESS_RELIABLE_GSME_REQUEST_DUIS.XML";

    // The demo's own 8.11s (JoinMeters) took the supplier's counter from this clock-based source: stay above them.
    private static ulong Counter() => Cloud.Demo.DemoRequests.NextCounter();

    [SharedDataFact]
    public async Task A_burst_of_reads_bigger_than_the_outbox_gets_every_answer_and_no_E21()
    {
        var hub = rig.Hubs[0];
        var esme = hub.Meters.Single(m => m.Kind == "ESME");
        await AdapterRig.Until(() => hub.Hub.InvokeAsync(() => esme.Meter.IsJoined), "ESME join");
        using var signer = rig.Signer(Supplier);

        // Four times the outbox, all at once: the hub's loop is kept busy until every command has reached the hub
        // (its link holds them, unacknowledged), then it has forty to take. Requests go in order: a DUIS counter only rises.
        using var busy = new ManualResetEventSlim();
        _ = hub.Hub.InvokeAsync(() => busy.Wait(AdapterRig.Wait));
        var accepted = new List<(Received Answer, string? Reject)>();
        try
        {
            for (int i = 0; i < 40; i++)
                accepted.Add(await rig.PostAsync(DuisTemplates.Signed(DuisTemplates.ReadRegisters, signer, Supplier, esme.Eui, Counter())));
            Assert.All(accepted, a => Assert.Equal("I99", a.Answer.Code));
            await AdapterRig.Until(() => Task.FromResult(hub.Hub.Link.InboxCount == 40), "40 commands at the hub");
        }
        finally
        {
            busy.Set();
        }

        foreach (var (answer, _) in accepted)
        {
            var id = answer.Field("RequestID");
            var final = await rig.ReceiveAsync(Supplier, r => r.Field("RequestID") == id && r.Code is not "I99", "answer of " + id);
            Assert.Equal("I0", final.Code);
        }
        // The hub did hold back (so this proves something), and its outbox refused nothing.
        Assert.True(await hub.Hub.InvokeAsync(() => hub.Hub.Engine.CommandsHeldBack) > 0, "the burst never filled the outbox");
        Assert.Equal(0L, await hub.Hub.InvokeAsync(() => hub.Hub.Engine.FramesRefused));
        Assert.Equal(0, await hub.Hub.InvokeAsync(() => hub.Hub.Engine.OwedAnswers));
    }

    [SharedDataFact]
    public async Task A_gas_read_the_full_mailbox_turns_away_is_answered_E20_at_once_and_the_others_I0()
    {
        var hub = rig.Hubs[1];
        var gsme = hub.Meters.Single(m => m.Kind == "GSME");
        var meter = (VirtualGsme)gsme.Meter;
        await AdapterRig.Until(() => hub.Hub.InvokeAsync(() => meter.IsJoined), "GSME join");
        // The meter sleeps through the burst: after its next poll it next wakes in an hour.
        int polls = await hub.Hub.InvokeAsync(() =>
        {
            meter.PollInterval = TimeSpan.FromHours(1);
            return meter.Polls;
        });
        await AdapterRig.Until(() => hub.Hub.InvokeAsync(() => meter.Polls > polls), "GSME poll");
        using var signer = rig.Signer(Supplier);

        // Five reads: the hub takes five (its outbox has room for five owed answers), its mailbox holds four.
        var started = DateTime.UtcNow;
        var accepted = new List<(Received Answer, string? Reject)>();
        for (int i = 0; i < 5; i++) accepted.Add(await rig.PostAsync(DuisTemplates.Signed(ReadGas, signer, Supplier, gsme.Eui, Counter())));
        Assert.All(accepted, a => Assert.Equal("I99", a.Answer.Code));
        var ids = accepted.Select(a => a.Answer.Field("RequestID")).ToHashSet();

        // The one turned away is answered E20 while the meter still sleeps: well before any timeout.
        var turnedAway = await rig.ReceiveAsync(Supplier, r => ids.Contains(r.Field("RequestID")) && r.Code is not "I99", "the E20");
        Assert.Equal("E20", turnedAway.Code);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "E20 came late");
        Assert.Equal(1, await hub.Hub.InvokeAsync(() => hub.Hub.Bridge.MailboxRefusals));
        Assert.Equal(4, await hub.Hub.InvokeAsync(() => hub.Hub.Bridge.MailboxCount(gsme.Eui)));

        // The meter wakes: the four in its mailbox are answered I0.
        await hub.Hub.InvokeAsync(() =>
        {
            meter.PollInterval = TimeSpan.FromSeconds(5);
            meter.PollSoon();
            return true;
        });
        foreach (var id in ids.Where(i => i != turnedAway.Field("RequestID")))
        {
            var final = await rig.ReceiveAsync(Supplier, r => r.Field("RequestID") == id && r.Code is not "I99", "answer of " + id);
            Assert.Equal("I0", final.Code);
        }
    }
}

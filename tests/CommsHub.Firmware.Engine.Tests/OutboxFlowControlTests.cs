using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Engine.Tests.Support;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>
/// The engine driven past its outbox's capacity (issue 11, item 10): a burst of meter commands bigger than a small
/// outbox that a slow uplink drains one frame per step. The engine takes a command only while the outbox has room for
/// its answer, every answer owed and the alert reserve; the WAN stand-in offers the held command again each step. Every
/// command ends in its response or a failure-to-deliver alert, and the outbox refuses nothing.
/// </summary>
public sealed class OutboxFlowControlTests
{
    private const int Ecs52 = 0x0059;

    [SharedDataFact]
    public void A_burst_bigger_than_the_outbox_loses_no_response_nor_alert()
    {
        using var rig = new HubRig();
        rig.Uplink.Capacity = 8;
        var wan = new Queue<byte[]>(Enumerable.Range(1, 40).Select(i => MeterCommand((ulong)i)));
        int heldBack = 0, alerts = 0, step = 0;
        var answered = 0;
        while (wan.Count > 0 || answered < rig.Han.Forwarded.Count || rig.Uplink.Queued > 0)
        {
            // The WAN link offers commands until the engine holds one back.
            while (wan.Count > 0)
            {
                var outcome = rig.Send(wan.Peek());
                if (outcome == WanMessageOutcome.HeldBack)
                {
                    heldBack++;
                    break;
                }
                Assert.Equal(WanMessageOutcome.Forwarded, outcome);
                wan.Dequeue();
            }
            // The meter answers everything forwarded (the HAN is fast), and now and then raises an alert of its own.
            for (; answered < rig.Han.Forwarded.Count; answered++)
                rig.Han.Receive(HubRig.Esme, MeterResponse(rig.Han.Forwarded[answered].Counter));
            if (++step % 5 == 0 && alerts < 6)
            {
                rig.Han.Receive(HubRig.Esme, MeterAlert((ulong)(9000 + alerts)));
                alerts++;
            }
            // The slow uplink: one frame reaches the broker per step.
            rig.Uplink.Deliver(1);
            Assert.True(step < 1000, "the burst never drained");
        }

        Assert.True(heldBack > 0, "the burst never filled the outbox: the test proves nothing");
        Assert.Equal(0, rig.Uplink.Refused);
        Assert.Equal(0, rig.Engine.FramesRefused);
        Assert.Equal(0, rig.Engine.OwedAnswers);
        var up = rig.Uplink.Frames.Select(GbcsFrameParser.Parse).ToList();
        var responses = up.Where(m => m.Cra == CraFlag.Response).Select(m => m.OriginatorCounter).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (ulong)i), responses);
        Assert.Equal(alerts, up.Count(m => m.Cra == CraFlag.Alert));
    }

    [SharedDataFact]
    public void Undeliverable_commands_in_a_burst_each_get_their_alert_and_the_outbox_refuses_nothing()
    {
        using var rig = new HubRig();
        rig.Uplink.Capacity = 6;
        var results = new[] { HanForwardResult.MailboxFull, HanForwardResult.Sent, HanForwardResult.NotJoined, HanForwardResult.LinkError };
        var wan = new Queue<(byte[] Frame, HanForwardResult Result)>(Enumerable.Range(1, 24)
            .Select(i => (MeterCommand((ulong)i), results[i % results.Length])));
        int answered = 0, heldBack = 0;
        for (int step = 0; wan.Count > 0 || rig.Uplink.Queued > 0 || answered < rig.Han.Forwarded.Count(f => IsSent(f.Counter)); step++)
        {
            while (wan.Count > 0)
            {
                rig.Han.Result = wan.Peek().Result;
                if (rig.Send(wan.Peek().Frame) == WanMessageOutcome.HeldBack)
                {
                    heldBack++;
                    break;
                }
                wan.Dequeue();
            }
            foreach (var f in rig.Han.Forwarded.Where(f => IsSent(f.Counter)).Skip(answered).ToList())
            {
                rig.Han.Receive(HubRig.Esme, MeterResponse(f.Counter));
                answered++;
            }
            rig.Uplink.Deliver(1);
            Assert.True(step < 1000, "the burst never drained");
        }

        Assert.True(heldBack > 0);
        Assert.Equal(0, rig.Uplink.Refused);
        var up = rig.Uplink.Frames.Select(GbcsFrameParser.Parse).ToList();
        var failed = up.Where(m => m.MessageCode == FailureToDeliverAlert.MessageCode)
            .Select(m => FailureToDeliverAlert.Decode(m.Buffer, m.ContentOffset, m.ContentLength).OriginatorCounter).Order();
        var delivered = up.Where(m => m.Cra == CraFlag.Response).Select(m => m.OriginatorCounter).Order();
        Assert.Equal(Enumerable.Range(1, 24).Select(i => (ulong)i).Where(c => !IsSent(c)), failed);
        Assert.Equal(Enumerable.Range(1, 24).Select(i => (ulong)i).Where(IsSent), delivered);
        Assert.Equal(18, rig.Engine.UndeliverableCommands);

        static bool IsSent(ulong counter) => counter % 4 == 1;
    }

    [SharedDataFact]
    public void An_owed_answer_holds_its_place_until_the_response_or_the_han_gives_up()
    {
        using var rig = new HubRig();
        // Room 5 = alert reserve 4 + 1: one answer at a time may be owed.
        rig.Uplink.Capacity = 5;
        Assert.Equal(WanMessageOutcome.Forwarded, rig.Send(MeterCommand(1)));
        Assert.Equal(1, rig.Engine.OwedAnswers);
        Assert.False(rig.Engine.CanTakeCommand);
        Assert.Equal(WanMessageOutcome.HeldBack, rig.Send(MeterCommand(2)));
        Assert.Single(rig.Han.Forwarded);
        Assert.Equal(1, rig.Engine.CommandsHeldBack);

        // No response in time: the place is free again, and nothing is sent for it (the DCC answers E21).
        rig.Han.TimeOut(HubRig.Esme, 1, HanTimeoutReason.NoResponse);
        Assert.Equal(0, rig.Engine.OwedAnswers);
        Assert.Empty(rig.Uplink.Frames);
        Assert.Equal(WanMessageOutcome.Forwarded, rig.Send(MeterCommand(2)));

        // A command that expired in a sleepy device's mailbox was never delivered: its place carries the alert.
        rig.Han.TimeOut(HubRig.Esme, 2, HanTimeoutReason.MailboxExpired);
        Assert.Equal(0, rig.Engine.OwedAnswers);
        var alert = GbcsFrameParser.Parse(Assert.Single(rig.Uplink.Frames));
        var body = FailureToDeliverAlert.Decode(alert.Buffer, alert.ContentOffset, alert.ContentLength);
        Assert.Equal((HubRig.Supplier, HubRig.Esme, CraFlag.Command, 2UL), (body.BusinessOriginator, body.BusinessTarget, body.Cra, body.OriginatorCounter));
        // A late response to a command already given up goes up all the same, from the alert reserve.
        rig.Han.Receive(HubRig.Esme, MeterResponse(1));
        Assert.Equal(2, rig.Uplink.Frames.Count);
    }

    // A supplier's ECS52 for the ESME, as the DCC forwards it (the hub does not check meter-bound MACs).
    private static byte[] MeterCommand(ulong counter) => Frame(CraFlag.Command, counter, HubRig.Supplier, HubRig.Esme, new byte[] { 0xD9 });

    private static byte[] MeterResponse(ulong counter) => Frame(CraFlag.Response, counter, HubRig.Esme, HubRig.Supplier, new byte[] { 0xDA });

    private static byte[] MeterAlert(ulong counter)
    {
        var n = DataNotification.Alert(1, 0x8F1C, DlmsDateTime.FromUtc(HubRig.Start), new DlmsData[0]);
        return Frame(CraFlag.Alert, counter, HubRig.Esme, HubRig.Supplier, n.Encode());
    }

    private static byte[] Frame(CraFlag cra, ulong counter, ulong originator, ulong target, byte[] payload)
    {
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = true,
            Cra = cra,
            OriginatorCounter = counter,
            Originator = originator,
            Target = target,
            MessageCode = Ecs52,
        };
        b.SetContent(payload);
        return b.Build();
    }
}

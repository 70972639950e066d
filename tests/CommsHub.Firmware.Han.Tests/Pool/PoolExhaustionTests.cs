using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Core.Han.Ncp.Ezsp;
using CommsHub.Firmware.Han.Tests.Ncp;
using CommsHub.Firmware.Han.Tests.Support;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Pool;

/// <summary>
/// What each fixed pool on the receive path does when it is full: a typed, counted refusal, never an exception and
/// never a buffer grown on the fly (hardware/README.md, "Receive path: fixed pools").
/// </summary>
public sealed class PoolExhaustionTests
{
    private const ulong Meter = 0x70B3D5C1D0000001;
    private const int MeterNode = 0x4F21;

    [Fact]
    public void A_down_frame_longer_than_an_inbox_slot_is_acknowledged_counted_and_dropped()
    {
        using var rig = new ReceivePathRig();
        int acknowledged = rig.Wan.Acknowledged;
        long rejected = rig.Engine.MessagesRejected;
        var tooLong = new byte[new Core.Wan.WanLinkOptions().MaxDownFrameLength + 1];
        tooLong[0] = 0xDD;

        rig.Wan.Deliver("chub/" + CommsHub.Protocol.Encoding.Eui64.ToText(ReceivePathRig.Hub) + "/down", tooLong);
        rig.Link.Tick(rig.Clock.UtcNow);

        Assert.Equal(1, rig.Link.DownTooLarge);
        Assert.Equal(0, rig.Link.InboxCount);
        Assert.Equal(acknowledged + 1, rig.Wan.Acknowledged); // a redelivery could never fit either
        Assert.Equal(rejected, rig.Engine.MessagesRejected);  // the engine never saw it
    }

    [Fact]
    public void Ezsp_commands_beyond_the_queue_are_refused_and_counted_then_the_queue_drains()
    {
        var h = new NcpHarness();
        h.StartAndRun();
        h.Han.PermitJoin(Meter, new byte[16], 60);
        h.Run();
        h.Ncp.JoinDevice(Meter, MeterNode);
        h.Run();
        var payload = new byte[] { 0x03, 0xDD, 0x00 };

        // One command awaits its response (the NCP has not run yet), the queue's slots take the next ones.
        for (int i = 0; i < 1 + EzspSession.QueueCapacity; i++) Assert.True(h.Han.Send(Meter, payload, 0, payload.Length), $"send {i}");
        Assert.False(h.Han.Send(Meter, payload, 0, payload.Length));
        Assert.Equal(1, h.Han.Session.QueueOverflows);
        Assert.Equal(EzspSession.QueueCapacity, h.Han.Session.Queued);

        h.Run();
        Assert.Equal(1 + EzspSession.QueueCapacity, h.Ncp.Unicasts.Count);
        Assert.Equal(0, h.Han.Session.Queued);
        Assert.True(h.Han.Send(Meter, payload, 0, payload.Length)); // slots are reused
    }

    [Fact]
    public void Ash_frames_beyond_its_slots_are_refused_and_counted()
    {
        var wire = new Sink();
        var ash = new AshConnection(wire, new Sink(), new FakeClock(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)), new AshOptions());
        ash.Reset();
        byte[] rstAck = AshFrameWriter.Build(AshControl.RstAck, new byte[] { 0x02, 0x0B });
        ash.Receive(rstAck, 0, rstAck.Length);
        Assert.Equal(AshConnectionState.Connected, ash.State);
        var ezsp = new byte[] { 0x01, 0x00, 0x01, 0x00, 0x00 };

        for (int i = 0; i < AshConnection.SlotCount; i++) Assert.True(ash.Send(ezsp, 0, ezsp.Length), $"frame {i}");
        Assert.False(ash.Send(ezsp, 0, ezsp.Length));
        Assert.Equal(1, ash.QueueOverflows);
        Assert.Equal(new AshOptions().Window, ash.Outstanding);
        Assert.Equal(AshConnection.SlotCount - ash.Outstanding, ash.Queued);

        // The NCP acknowledges the window: three slots come free and the queue moves up.
        byte[] ack = AshFrameWriter.Build(AshControl.Ack(3, false), Array.Empty<byte>());
        ash.Receive(ack, 0, ack.Length);
        Assert.True(ash.Send(ezsp, 0, ezsp.Length));
    }

    [Fact]
    public void A_full_mailbox_refuses_the_command_with_MailboxFull_and_counts_it()
    {
        using var f = new HanFixture(new HanBridgeOptions { MailboxCapacity = 2 });
        f.Joined(HanFixture.Gsme, CommsHub.Protocol.Asn1.DeviceType.Gsme);
        var command = HanFixture.Command(HanFixture.Gsme, 1);
        Assert.Equal(HanForwardResult.Queued, f.Bridge.Forward(HanFixture.Gsme, command, 0, command.Length, 1));
        Assert.Equal(HanForwardResult.Queued, f.Bridge.Forward(HanFixture.Gsme, command, 0, command.Length, 2));
        Assert.Equal(HanForwardResult.MailboxFull, f.Bridge.Forward(HanFixture.Gsme, command, 0, command.Length, 3));
        Assert.Equal(1, f.Bridge.MailboxRefusals);
    }

    private sealed class Sink : IAshTransport, IAshListener
    {
        public void Write(byte[] buffer, int offset, int count) { }
        public void OnData(byte[] data, int offset, int count) { }
        public void OnConnected(int resetCode) { }
        public void OnFailed(AshFailure failure, int code) { }
    }
}

using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Han.Tests.Support;
using Xunit;
using CommsHub.Protocol.Asn1;
using static CommsHub.Firmware.Han.Tests.Support.HanFixture;

namespace CommsHub.Firmware.Han.Tests.Han;

public class MailboxTests
{
    private static HanFixture Gas(HanBridgeOptions? o = null)
    {
        var f = new HanFixture(o);
        f.Joined(Gsme, DeviceType.Gsme);
        return f;
    }

    private static HanForwardResult Forward(HanFixture f, ulong counter, int length = 20)
    {
        var cmd = Command(Gsme, counter, length);
        return f.Bridge.Forward(Gsme, cmd, 0, cmd.Length, counter);
    }

    [Fact]
    public void Commands_for_a_gsme_queue_until_it_polls()
    {
        using var f = Gas();
        Assert.Equal(HanForwardResult.Queued, Forward(f, 1));
        Assert.Equal(HanForwardResult.Queued, Forward(f, 2));
        Assert.Empty(f.Network.Sent);
        Assert.Equal(2, f.Bridge.MailboxCount(Gsme));
        Assert.False(f.Bridge.IsOutstanding(Gsme, 1)); // its response clock starts when the GSME fetches it
    }

    [Fact]
    public void Get_is_answered_with_the_oldest_message_and_the_remaining_count()
    {
        using var f = Gas();
        Forward(f, 1);
        Forward(f, 2);
        Forward(f, 3);
        for (int expectRemaining = 2; expectRemaining >= 0; expectRemaining--)
        {
            f.Network.Receive(Gsme, Get());
            var (to, payload) = f.Network.Sent[^1];
            Assert.Equal(Gsme, to);
            var t = TunnelFrame.Decode(payload, 0, payload.Length);
            Assert.Equal(TunnelCommand.GetResponse, t.Command);
            Assert.Equal(expectRemaining, t.RemainingMessages);
            ulong counter = (ulong)(3 - expectRemaining);
            Assert.Equal(Command(Gsme, counter), payload[t.MessageOffset..]);
            Assert.True(f.Bridge.IsOutstanding(Gsme, counter));
        }
        Assert.Equal(0, f.Bridge.MailboxCount(Gsme));
    }

    [Fact]
    public void Get_on_an_empty_mailbox_gets_an_empty_get_response()
    {
        using var f = Gas();
        f.Network.Receive(Gsme, Get());
        Assert.Equal(new byte[] { 0x02, 0x00 }, Assert.Single(f.Network.Sent).Payload);
    }

    [Fact]
    public void The_queued_frame_is_a_copy()
    {
        using var f = Gas();
        var cmd = Command(Gsme, 1);
        var original = (byte[])cmd.Clone();
        f.Bridge.Forward(Gsme, cmd, 0, cmd.Length, 1);
        Array.Clear(cmd); // the WAN buffer is reused at once
        f.Network.Receive(Gsme, Get());
        Assert.Equal(original, f.Network.Sent[0].Payload[2..]);
    }

    [Fact]
    public void Full_by_count_is_mailbox_full()
    {
        using var f = Gas(new HanBridgeOptions { MailboxCapacity = 2 });
        Assert.Equal(HanForwardResult.Queued, Forward(f, 1));
        Assert.Equal(HanForwardResult.Queued, Forward(f, 2));
        Assert.Equal(HanForwardResult.MailboxFull, Forward(f, 3));
        f.Network.Receive(Gsme, Get());
        Assert.Equal(HanForwardResult.Queued, Forward(f, 3));
    }

    [Fact]
    public void Full_by_bytes_is_mailbox_full()
    {
        using var f = Gas(new HanBridgeOptions { MailboxMaxBytes = 200 });
        Assert.Equal(HanForwardResult.Queued, Forward(f, 1, 100));
        Assert.Equal(HanForwardResult.MailboxFull, Forward(f, 2, 100));
    }

    [Fact]
    public void Entries_expire_after_the_mailbox_lifetime()
    {
        using var f = Gas(new HanBridgeOptions { MailboxLifetimeSeconds = 600 });
        Forward(f, 1);
        f.Clock.Advance(TimeSpan.FromSeconds(300));
        Forward(f, 2);
        f.Clock.Advance(TimeSpan.FromSeconds(299));
        f.Bridge.Tick();
        Assert.Empty(f.TimedOut);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Bridge.Tick();
        Assert.Equal((Gsme, 1UL, HanTimeoutReason.MailboxExpired), Assert.Single(f.TimedOut));
        Assert.Equal(1, f.Bridge.MailboxCount(Gsme));
        f.Clock.Advance(TimeSpan.FromSeconds(300));
        f.Bridge.Tick();
        Assert.Equal(2, f.TimedOut.Count);
        Assert.Equal(0, f.Bridge.MailboxCount(Gsme));
        f.Network.Receive(Gsme, Get());
        Assert.Equal(new byte[] { 0x02, 0x00 }, f.Network.Sent[^1].Payload);
    }

    [Fact]
    public void A_message_whose_get_response_failed_stays_for_the_next_get()
    {
        using var f = Gas();
        Forward(f, 1);
        f.Network.Accept = false;
        f.Network.Receive(Gsme, Get());
        Assert.Equal(1, f.Bridge.MailboxCount(Gsme));
        Assert.False(f.Bridge.IsOutstanding(Gsme, 1));
        f.Network.Accept = true;
        f.Network.Receive(Gsme, Get());
        Assert.Equal(0, f.Bridge.MailboxCount(Gsme));
    }

    [Fact]
    public void Mailbox_table_is_bounded_and_empty_mailboxes_are_reused()
    {
        using var f = new HanFixture(new HanBridgeOptions { MaxMailboxes = 1 });
        f.Joined(Gsme, DeviceType.Gsme, 1);
        const ulong gsme2 = 0x00DB1234567890C1;
        f.Register(gsme2, DeviceType.Gsme, 2);
        f.Network.Join(gsme2, Key(2));
        var a = Command(Gsme, 1);
        var b = Command(gsme2, 1);
        Assert.Equal(HanForwardResult.Queued, f.Bridge.Forward(Gsme, a, 0, a.Length, 1));
        Assert.Equal(HanForwardResult.MailboxFull, f.Bridge.Forward(gsme2, b, 0, b.Length, 1));
        f.Network.Receive(Gsme, Get());
        Assert.Equal(HanForwardResult.Queued, f.Bridge.Forward(gsme2, b, 0, b.Length, 1));
    }

    [Fact]
    public void Leaving_gives_up_queued_commands()
    {
        using var f = Gas();
        Forward(f, 1);
        Forward(f, 2);
        f.Network.Leave(Gsme);
        Assert.Equal(new[] { 1UL, 2UL }, f.TimedOut.Select(t => t.Counter));
        Assert.All(f.TimedOut, t => Assert.Equal(HanTimeoutReason.DeviceGone, t.Reason));
        Assert.Equal(0, f.Bridge.MailboxCount(Gsme));
    }

    [Fact]
    public void Mailbox_unit_rules()
    {
        var m = new Mailbox(Gsme, 2, 100);
        var f = new byte[] { 0xDF, 1, 2 };
        Assert.True(m.Enqueue(f, 0, 3, 7, 100));
        Assert.True(m.Enqueue(f, 1, 2, 8, 50));
        Assert.False(m.Enqueue(f, 0, 1, 9, 10));
        Assert.Equal(5, m.Bytes);
        Assert.Equal(7UL, m.PeekCounter());
        Assert.False(m.TakeExpired(49, out _));
        Assert.True(m.TakeExpired(50, out var c));
        Assert.Equal(8UL, c);
        Assert.True(m.RemoveOldest());
        Assert.False(m.RemoveOldest());
        Assert.Equal(0, m.PeekLength());
        Assert.Equal(0, m.Bytes);
        Assert.Throws<ArgumentException>(() => m.Enqueue(f, 0, 0, 1, 1));
    }
}

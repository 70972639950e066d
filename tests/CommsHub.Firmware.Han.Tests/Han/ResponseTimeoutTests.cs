using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Han.Tests.Support;
using Xunit;
using CommsHub.Protocol.Asn1;
using static CommsHub.Firmware.Han.Tests.Support.HanFixture;

namespace CommsHub.Firmware.Han.Tests.Han;

public class ResponseTimeoutTests
{
    private static void Send(HanFixture f, ulong target, ulong counter)
    {
        var cmd = Command(target, counter);
        f.Bridge.Forward(target, cmd, 0, cmd.Length, counter);
    }

    [Fact]
    public void No_response_in_time_raises_a_timeout_once()
    {
        using var f = new HanFixture(new HanBridgeOptions { ResponseTimeoutSeconds = 30 });
        f.Joined(Esme, DeviceType.Esme);
        Send(f, Esme, 0x10);
        f.Clock.Advance(TimeSpan.FromSeconds(29));
        f.Bridge.Tick();
        Assert.Empty(f.TimedOut);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Bridge.Tick();
        f.Bridge.Tick();
        Assert.Equal((Esme, 0x10UL, HanTimeoutReason.NoResponse), Assert.Single(f.TimedOut));
        Assert.Equal(0, f.Bridge.OutstandingCount);
    }

    [Fact]
    public void A_second_copy_that_fails_to_send_keeps_the_first_copy_awaiting_its_response()
    {
        using var f = new HanFixture(new HanBridgeOptions { ResponseTimeoutSeconds = 30 });
        f.Joined(Esme, DeviceType.Esme);
        var cmd = Command(Esme, 0x10);
        Assert.Equal(HanForwardResult.Sent, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 0x10));
        f.Network.Accept = false; // the radio refuses the copy the broker delivered again
        Assert.Equal(HanForwardResult.LinkError, f.Bridge.Forward(Esme, cmd, 0, cmd.Length, 0x10));

        Assert.True(f.Bridge.IsOutstanding(Esme, 0x10));
        f.Bridge.Poll(f.Clock.UtcNow.AddSeconds(31));
        Assert.Equal((Esme, 0x10UL, HanTimeoutReason.NoResponse), Assert.Single(f.TimedOut));
    }

    [Fact]
    public void Late_response_is_relayed_but_raises_nothing_more()
    {
        using var f = new HanFixture(new HanBridgeOptions { ResponseTimeoutSeconds = 30 });
        f.Joined(Esme, DeviceType.Esme);
        Send(f, Esme, 0x10);
        f.Bridge.Poll(f.Clock.UtcNow.AddSeconds(31));
        f.Network.Receive(Esme, Put(Response(Esme, 0x10)));
        Assert.Single(f.TimedOut);
        Assert.Single(f.Received);
    }

    [Fact]
    public void Responses_match_by_device_and_counter()
    {
        using var f = new HanFixture();
        f.Joined(Esme, DeviceType.Esme, 1);
        f.Joined(Ihd, DeviceType.Type2, 2);
        Send(f, Esme, 1);
        Send(f, Ihd, 1);
        Send(f, Esme, 2);
        f.Network.Receive(Ihd, Put(Response(Ihd, 2))); // no such command for the IHD
        Assert.Equal(3, f.Bridge.OutstandingCount);
        f.Network.Receive(Esme, Put(Response(Esme, 1)));
        Assert.False(f.Bridge.IsOutstanding(Esme, 1));
        Assert.True(f.Bridge.IsOutstanding(Ihd, 1));
        Assert.True(f.Bridge.IsOutstanding(Esme, 2));
        f.Network.Receive(Esme, Put(Alert(Esme, 2))); // an alert is not a response
        Assert.True(f.Bridge.IsOutstanding(Esme, 2));
    }

    [Fact]
    public void Sleepy_devices_get_their_own_timeout_from_the_moment_they_fetch()
    {
        using var f = new HanFixture(new HanBridgeOptions { ResponseTimeoutSeconds = 30, SleepyResponseTimeoutSeconds = 120 });
        f.Joined(Gsme, DeviceType.Gsme);
        Send(f, Gsme, 0x20);
        f.Clock.Advance(TimeSpan.FromMinutes(10));
        f.Bridge.Tick();
        Assert.Empty(f.TimedOut);
        f.Network.Receive(Gsme, Get());
        f.Clock.Advance(TimeSpan.FromSeconds(119));
        f.Bridge.Tick();
        Assert.Empty(f.TimedOut);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Bridge.Tick();
        Assert.Equal((Gsme, 0x20UL, HanTimeoutReason.NoResponse), Assert.Single(f.TimedOut));
    }

    [Fact]
    public void Gsme_response_clears_its_timeout()
    {
        using var f = new HanFixture();
        f.Joined(Gsme, DeviceType.Gsme);
        Send(f, Gsme, 0x20);
        f.Network.Receive(Gsme, Get());
        f.Network.Receive(Gsme, Put(Response(Gsme, 0x20)));
        Assert.Equal(0, f.Bridge.OutstandingCount);
        Assert.Single(f.Received);
    }

    [Fact]
    public void Retransmitted_command_is_tracked_once_with_a_fresh_deadline()
    {
        using var f = new HanFixture(new HanBridgeOptions { ResponseTimeoutSeconds = 30 });
        f.Joined(Esme, DeviceType.Esme);
        Send(f, Esme, 7);
        f.Clock.Advance(TimeSpan.FromSeconds(20));
        Send(f, Esme, 7);
        Assert.Equal(1, f.Bridge.OutstandingCount);
        f.Clock.Advance(TimeSpan.FromSeconds(20));
        f.Bridge.Tick();
        Assert.Empty(f.TimedOut);
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        f.Bridge.Tick();
        Assert.Single(f.TimedOut);
    }

    [Fact]
    public void Table_is_bounded_and_evicts_the_oldest_with_an_event()
    {
        using var f = new HanFixture(new HanBridgeOptions { MaxOutstanding = 2 });
        f.Joined(Esme, DeviceType.Esme);
        Send(f, Esme, 1);
        Send(f, Esme, 2);
        Send(f, Esme, 3);
        Assert.Equal((Esme, 1UL, HanTimeoutReason.Evicted), Assert.Single(f.TimedOut));
        Assert.Equal(2, f.Bridge.OutstandingCount);
    }

    [Fact]
    public void A_timeout_handler_may_forward_again()
    {
        using var f = new HanFixture(new HanBridgeOptions { ResponseTimeoutSeconds = 30 });
        f.Joined(Esme, DeviceType.Esme);
        f.Bridge.CommandTimedOut += (t, c, r) => { if (c < 3) Send(f, t, c + 1); };
        Send(f, Esme, 1);
        for (int i = 0; i < 4; i++)
        {
            f.Clock.Advance(TimeSpan.FromSeconds(30));
            f.Bridge.Tick();
        }
        Assert.Equal(new[] { 1UL, 2UL, 3UL }, f.TimedOut.Select(t => t.Counter));
    }
}

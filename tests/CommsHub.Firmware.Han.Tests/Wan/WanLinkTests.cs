using System.Text;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Han.Tests.Support;
using CommsHub.Protocol.Wan;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Wan;

public class WanLinkTests
{
    private const ulong Hub = 0x00DB1234567890A2;
    private static readonly DateTime T0 = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Up = WanTopics.Up(Hub), Down = WanTopics.Down(Hub), Status = WanTopics.Status(Hub);

    private sealed class Rig
    {
        public RamBlockStore Store = new(1024, 4, 1);
        public FakeWanTransport Transport = new();
        public FakeHanSummary Han = new() { DeviceCount = 2, JoinedCount = 1 };
        public Outbox Outbox;
        public WanLink Link;
        public List<byte[]> Downs = new();
        public DateTime Now = T0;
        /// <summary>What the engine answers when offered a frame: false holds it back (outbox full).</summary>
        public bool EngineTakes = true;

        public Rig(Action<WanLinkOptions>? configure = null)
        {
            Outbox = Outbox.Mount(Store, 0, 4, 32);
            Link = NewLink(configure);
        }

        public WanLink NewLink(Action<WanLinkOptions>? configure = null)
        {
            var o = new WanLinkOptions { HubEui = Hub, FirmwareVersion = "0.3.0", BackoffBaseMs = 1000, BackoffMaxMs = 60000, Seed = 99 };
            configure?.Invoke(o);
            return new WanLink(Transport, Outbox, Han, o, (f, off, n) =>
            {
                if (!EngineTakes) return false;
                Downs.Add(f.AsSpan(off, n).ToArray());
                return true;
            });
        }

        public void Tick(double seconds = 0)
        {
            Now = Now.AddSeconds(seconds);
            Link.Tick(Now);
        }

        public void Queue(int n, int length = 30) => Assert.True(Outbox.Send(OutboxTests.Frame(n, length), 0, length));

        public List<byte[]> UpFrames => Transport.On(Up).ToList();
    }

    [Fact]
    public void Connects_with_a_retained_offline_will_subscribes_to_down_and_publishes_online_status()
    {
        var r = new Rig();
        r.Tick();
        Assert.Equal(WanLinkState.Connected, r.Link.State);
        var c = Assert.Single(r.Transport.Connects);
        Assert.Equal("00DB1234567890A2", c.ClientId);
        Assert.Equal(Status, c.WillTopic);
        Assert.True(c.WillRetain);
        Assert.False(c.CleanSession);
        Assert.Equal("{\"eui\":\"00DB1234567890A2\",\"state\":\"offline\"}", Encoding.ASCII.GetString(c.WillPayload));
        Assert.Equal(new[] { Down }, r.Transport.Subscriptions);
        var status = Assert.Single(r.Transport.Published, p => p.Topic == Status);
        Assert.True(status.Retain);
        Assert.Equal("{\"eui\":\"00DB1234567890A2\",\"state\":\"online\",\"firmware\":\"0.3.0\",\"han\":{\"devices\":2,\"joined\":1}}",
            Encoding.ASCII.GetString(status.Payload));
    }

    [Fact]
    public void Status_is_republished_when_the_han_summary_changes_and_stop_publishes_offline()
    {
        var r = new Rig();
        r.Tick();
        r.Tick(1);
        Assert.Single(r.Transport.On(Status));
        r.Han.JoinedCount = 2;
        r.Tick(1);
        Assert.Contains("\"joined\":2", Encoding.ASCII.GetString(r.Transport.On(Status).Last()));
        r.Link.Stop();
        Assert.Equal("{\"eui\":\"00DB1234567890A2\",\"state\":\"offline\"}", Encoding.ASCII.GetString(r.Transport.On(Status).Last()));
        Assert.True(r.Transport.Published.Last().Retain);
        Assert.False(r.Transport.IsConnected);
        Assert.Equal(WanLinkState.Stopped, r.Link.State);
    }

    [Fact]
    public void Down_frames_go_to_the_engine_handler_other_topics_do_not()
    {
        var r = new Rig();
        r.Tick();
        var mine = r.Transport.Deliver(Down, new byte[] { 0xDD, 1 });
        var other = r.Transport.Deliver(WanTopics.Down(0x1234), new byte[] { 0xDD, 2 });
        var status = r.Transport.Deliver(Status, new byte[] { 0x7B });
        r.Link.ProcessDown();
        Assert.Equal(new[] { new byte[] { 0xDD, 1 } }, r.Downs);
        // Everything is acknowledged: the frames not for the engine at once, the command once the engine took it.
        Assert.Equal(new[] { other, status, mine }, r.Transport.Acknowledged);
    }

    [Fact]
    public void A_command_the_engine_cannot_take_is_held_unacknowledged_and_taken_in_order_once_it_can()
    {
        var r = new Rig(o => o.ReceiveMaximum = 4);
        r.Tick();
        Assert.Equal(4, r.Transport.Connects.Last().ReceiveMaximum);
        int queued = 0;
        r.Link.DownQueued += () => queued++;
        r.EngineTakes = false;
        var ids = Enumerable.Range(1, 3).Select(i => r.Transport.Deliver(Down, new byte[] { 0xDD, (byte)i })).ToList();
        Assert.Equal(3, queued);
        Assert.Equal(0, r.Link.ProcessDown());
        r.Tick(1);
        // Held: nothing taken, nothing acknowledged (the broker keeps counting them against the receive maximum).
        Assert.True(r.Link.Holding);
        Assert.Equal(1, r.Link.HoldBacks);
        Assert.Equal(3, r.Link.InboxCount);
        Assert.Empty(r.Downs);
        Assert.Empty(r.Transport.Acknowledged);

        r.EngineTakes = true;
        r.Tick(1);
        Assert.False(r.Link.Holding);
        Assert.Equal(new[] { 1, 2, 3 }, r.Downs.Select(d => (int)d[1]));
        Assert.Equal(ids, r.Transport.Acknowledged);
        Assert.Equal(0, r.Link.InboxCount);
    }

    [Fact]
    public void Commands_held_over_a_reconnect_are_kept_but_never_acknowledged_on_the_new_connection()
    {
        var r = new Rig();
        r.Tick();
        r.EngineTakes = false;
        r.Transport.Deliver(Down, new byte[] { 0xDD, 1 });
        r.Transport.Drop();
        r.Tick(1);
        r.Transport.BrokerUp = true;
        r.Tick(120);
        Assert.Equal(WanLinkState.Connected, r.Link.State);
        r.EngineTakes = true;
        r.Tick(1);
        Assert.Single(r.Downs);
        // Its delivery id belonged to the old connection: a PUBACK now would acknowledge another message.
        Assert.Empty(r.Transport.Acknowledged);
    }

    [Fact]
    public void A_command_the_full_inbox_refuses_is_released_to_the_transport_not_acknowledged()
    {
        var r = new Rig(o => { o.ReceiveMaximum = 2; o.InboxCapacity = 2; });
        r.Tick();
        r.EngineTakes = false;
        var ids = Enumerable.Range(1, 4).Select(i => r.Transport.Deliver(Down, new byte[] { 0xDD, (byte)i })).ToList();
        // The transport need not keep the refused ones for a PUBACK that never comes; the broker sends them again.
        Assert.Equal(ids.Skip(2), r.Transport.Released);
        Assert.Empty(r.Transport.Acknowledged);
        r.EngineTakes = true;
        r.Tick(1);
        Assert.Equal(ids.Take(2), r.Transport.Acknowledged);
        Assert.Equal(ids.Skip(2), r.Transport.Released);
    }

    [Fact]
    public void Commands_beyond_the_inbox_stay_unacknowledged_and_a_reconnect_fetches_them_once_it_is_empty()
    {
        var r = new Rig(o => { o.ReceiveMaximum = 2; o.InboxCapacity = 2; });
        r.Tick();
        r.EngineTakes = false;
        for (int i = 1; i <= 3; i++) r.Transport.Deliver(Down, new byte[] { 0xDD, (byte)i });
        Assert.Equal(1, r.Link.DownOverflows);
        Assert.Equal(2, r.Link.InboxCount);
        r.Tick(1);
        Assert.Equal(WanLinkState.Connected, r.Link.State);
        r.EngineTakes = true;
        int connects = r.Transport.ConnectCalls;
        r.Tick(1);
        Assert.Equal(new[] { 1, 2 }, r.Downs.Select(d => (int)d[1]));
        // Third never acknowledged: the link starts a new session so that the broker sends it again.
        Assert.Equal(WanLinkState.Disconnected, r.Link.State);
        r.Tick(120);
        Assert.Equal(connects + 1, r.Transport.ConnectCalls);
    }

    [Fact]
    public void A_throwing_handler_is_counted_and_does_not_escape_into_the_mqtt_client()
    {
        var r = new Rig();
        var link = new WanLink(r.Transport, r.Outbox, null, new WanLinkOptions { HubEui = Hub }, (f, o, n) => throw new InvalidOperationException());
        link.Tick(T0);
        var id = r.Transport.Deliver(Down, new byte[] { 0xDD });
        link.ProcessDown();
        Assert.Equal(1, link.DownHandlerFailures);
        // It would throw again: taken and acknowledged, so it cannot block the commands behind it.
        Assert.Contains(id, r.Transport.Acknowledged);
    }

    [Fact]
    public void Outbox_drains_in_order_and_entries_leave_only_on_puback()
    {
        var r = new Rig();
        r.Transport.AutoAck = false;
        for (int i = 0; i < 3; i++) r.Queue(i);
        r.Tick();
        Assert.Single(r.UpFrames); // one in flight at a time keeps the order
        r.Tick(1);
        Assert.Single(r.UpFrames);
        Assert.Equal(3, r.Outbox.Count);
        r.Transport.AckAll();
        r.Tick(1);
        Assert.Equal(2, r.Outbox.Count);
        for (int i = 0; i < 4; i++)
        {
            r.Transport.AckAll();
            r.Tick(1);
        }
        Assert.Equal(Enumerable.Range(0, 3).Select(i => OutboxTests.Frame(i, 30)), r.UpFrames);
        Assert.Equal(0, r.Outbox.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void A_link_with_window_w_has_at_most_w_unacknowledged_publishes_and_keeps_the_order(int window)
    {
        var r = new Rig(o => { o.Window = window; o.MaxPublishesPerTick = 64; });
        r.Transport.AutoAck = false;
        for (int i = 0; i < 20; i++) r.Queue(i);
        r.Tick();
        int most = 0;
        for (int round = 0; round < 40 && r.Outbox.Count > 0; round++)
        {
            int outstanding = r.Transport.UnackedFrames.Count;
            Assert.InRange(outstanding, 1, window);
            Assert.Equal(outstanding, r.Link.FramesInFlight);
            most = Math.Max(most, outstanding);
            // The broker acknowledges only the oldest outstanding publish each round.
            r.Transport.AckOldest();
            r.Tick(0.1);
        }
        Assert.Equal(window, most);
        Assert.Equal(0, r.Outbox.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => OutboxTests.Frame(i, 30)), r.UpFrames);
    }

    [Fact]
    public void An_entry_leaves_the_outbox_only_when_it_and_every_older_one_are_acknowledged()
    {
        var r = new Rig(o => o.Window = 3);
        r.Transport.AutoAck = false;
        for (int i = 0; i < 3; i++) r.Queue(i);
        r.Tick();
        Assert.Equal(3, r.Transport.UnackedFrames.Count);
        // PUBACKs reported out of order (the client's completions may run on different threads): the newest first.
        r.Transport.AckNewest();
        r.Transport.AckNewest();
        r.Link.Pump(r.Now);
        Assert.Equal(3, r.Outbox.Count);
        Assert.Equal(3, r.Link.FramesInFlight);
        r.Transport.AckAll();
        r.Link.Pump(r.Now);
        Assert.Equal(0, r.Outbox.Count);
        Assert.Equal(0, r.Link.FramesInFlight);
    }

    [Fact]
    public void A_puback_announces_itself_and_pump_sends_the_next_frame_without_a_tick()
    {
        var r = new Rig(o => o.Window = 2);
        r.Transport.AutoAck = false;
        for (int i = 0; i < 5; i++) r.Queue(i);
        r.Tick();
        Assert.Equal(2, r.UpFrames.Count);
        int announced = 0;
        // The host's handler posts a pump to the hub thread; here the test is that thread.
        r.Link.AckReceived += () => announced++;
        r.Transport.AckOldest();
        Assert.Equal(1, announced);
        Assert.Equal(1, r.Link.Pump(r.Now)); // no Tick, no time passed
        Assert.Equal(3, r.UpFrames.Count);
        Assert.Equal(4, r.Outbox.Count);
        Assert.Equal(0, r.Link.Pump(r.Now)); // the window is full again: nothing more until the next PUBACK
    }

    [Fact]
    public void A_pump_called_from_inside_the_transport_does_not_recurse_and_the_outer_call_drains()
    {
        var r = new Rig(o => { o.Window = 4; o.MaxPublishesPerTick = 100; });
        // AutoAck: the PUBACK is reported synchronously inside Publish, and the handler pumps at once.
        r.Link.AckReceived += () => r.Link.Pump(r.Now);
        for (int i = 0; i < 10; i++) r.Queue(i);
        r.Tick();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => OutboxTests.Frame(i, 30)), r.UpFrames);
        Assert.Equal(0, r.Outbox.Count);
    }

    [Fact]
    public void A_refused_frame_in_a_window_is_sent_again_with_every_frame_after_it_in_order()
    {
        var r = new Rig(o => o.Window = 3);
        r.Transport.AutoAck = false;
        for (int i = 0; i < 3; i++) r.Queue(i);
        r.Tick();
        r.Transport.AckOldest();               // frame 0 delivered
        r.Transport.AckOldest(delivered: false); // frame 1 refused; frame 2 still in flight
        r.Tick(0.1);
        Assert.Equal(2, r.Outbox.Count);
        r.Transport.AckAll();                  // frame 2's late PUBACK matches nothing any more
        r.Transport.AutoAck = true;
        r.Tick(2);
        Assert.Equal(0, r.Outbox.Count);
        Assert.Equal(new[] { 0, 1, 2, 1, 2 }.Select(i => OutboxTests.Frame(i, 30)), r.UpFrames);
    }

    [Fact]
    public void Frames_in_flight_when_the_link_drops_go_out_again_in_order_after_the_reconnect()
    {
        var r = new Rig(o => o.Window = 4);
        r.Transport.AutoAck = false;
        for (int i = 0; i < 6; i++) r.Queue(i);
        r.Tick();
        r.Transport.AckOldest(); // frame 0 delivered; 1..3 in flight
        r.Link.Pump(r.Now);      // frame 4 goes out
        r.Transport.Drop();
        r.Tick(0.1);
        Assert.Equal(WanLinkState.Disconnected, r.Link.State);
        Assert.Equal(0, r.Link.FramesInFlight);
        r.Transport.BrokerUp = true;
        r.Transport.AutoAck = true;
        r.Now = r.Link.NextAttempt;
        r.Tick();
        r.Tick(0.1);
        Assert.Equal(0, r.Outbox.Count);
        var expected = new[] { 0, 1, 2, 3, 4, 1, 2, 3, 4, 5 }.Select(i => OutboxTests.Frame(i, 30));
        Assert.Equal(expected, r.UpFrames);
    }

    [Fact]
    public void A_window_outside_its_bounds_is_refused()
    {
        var r = new Rig();
        Assert.Throws<ArgumentException>(() => r.NewLink(o => o.Window = 0));
        Assert.Throws<ArgumentException>(() => r.NewLink(o => o.Window = WanLinkOptions.MaxWindow + 1));
    }

    [Fact]
    public void With_immediate_pubacks_a_tick_drains_a_bounded_batch()
    {
        var r = new Rig(o => o.MaxPublishesPerTick = 4);
        for (int i = 0; i < 10; i++) r.Queue(i);
        r.Tick();
        Assert.Equal(4, r.UpFrames.Count);
        r.Tick(0.1);
        r.Tick(0.1);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => OutboxTests.Frame(i, 30)), r.UpFrames);
        Assert.Equal(0, r.Outbox.Count);
    }

    [Fact]
    public void Broker_outage_backs_off_queue_grows_and_drains_in_order_on_reconnect_at_least_once()
    {
        var r = new Rig();
        r.Transport.AutoAck = false;
        r.Queue(0);
        r.Tick();
        Assert.Single(r.UpFrames); // frame 0 in flight ...
        r.Transport.Drop();        // ... and the broker dies before its PUBACK
        r.Tick(0.1);
        Assert.Equal(WanLinkState.Disconnected, r.Link.State);
        for (int i = 1; i <= 5; i++) r.Queue(i); // the engine keeps producing
        var delays = new List<int> { r.Link.LastDelayMs };
        for (int i = 0; i < 6; i++)
        {
            r.Now = r.Link.NextAttempt;
            r.Tick();
            Assert.Equal(WanLinkState.Disconnected, r.Link.State);
            delays.Add(r.Link.LastDelayMs);
        }
        Assert.Equal(7, r.Transport.ConnectCalls);
        var b = new Backoff(1000, 60000, 1);
        for (int a = 1; a <= delays.Count; a++) Assert.InRange(delays[a - 1], b.Ceiling(a) / 2, b.Ceiling(a));
        Assert.Equal(6, r.Outbox.Count);

        r.Transport.BrokerUp = true;
        r.Transport.AutoAck = true;
        r.Tick(0.5);
        Assert.Equal(WanLinkState.Disconnected, r.Link.State); // not before its time
        r.Now = r.Link.NextAttempt;
        r.Tick();
        r.Tick(0.1);
        Assert.Equal(WanLinkState.Connected, r.Link.State);
        Assert.Equal(1, r.Link.Reconnects);
        Assert.Equal(0, r.Outbox.Count);
        var expected = new[] { 0 }.Concat(Enumerable.Range(0, 6)).Select(i => OutboxTests.Frame(i, 30));
        Assert.Equal(expected, r.UpFrames); // frame 0 twice: it was never acknowledged
        Assert.Equal(2, r.Transport.On(Status).Count()); // online again after the reconnect
    }

    [Fact]
    public void Backoff_resets_after_a_successful_connection_and_caps_when_the_outage_is_long()
    {
        var r = new Rig(o => o.BackoffMaxMs = 8000);
        r.Transport.BrokerUp = false;
        r.Tick();
        for (int i = 0; i < 20; i++)
        {
            r.Now = r.Link.NextAttempt;
            r.Tick();
            Assert.InRange(r.Link.LastDelayMs, 500, 8000);
        }
        Assert.InRange(r.Link.LastDelayMs, 4000, 8000);
        r.Transport.BrokerUp = true;
        r.Now = r.Link.NextAttempt;
        r.Tick();
        Assert.Equal(0, r.Link.Attempt);
        r.Transport.Drop();
        r.Tick(0.1);
        Assert.Equal(1, r.Link.Attempt);
        Assert.InRange(r.Link.LastDelayMs, 500, 1000);
    }

    [Fact]
    public void Missing_puback_times_out_reconnects_and_republishes()
    {
        var r = new Rig(o => o.AckTimeoutSeconds = 10);
        r.Transport.AutoAck = false;
        r.Queue(1);
        r.Tick();
        r.Tick(9);
        Assert.Equal(WanLinkState.Connected, r.Link.State);
        Assert.Equal(0, r.Link.AckTimeouts);
        r.Tick(1);
        Assert.Equal(WanLinkState.Disconnected, r.Link.State);
        Assert.Equal(1, r.Link.AckTimeouts); // the host logs why the hub closed its connection
        Assert.Equal(0, r.Link.Resyncs);
        r.Transport.AutoAck = true;
        r.Now = r.Link.NextAttempt;
        r.Tick();
        r.Tick(0.1);
        Assert.Equal(new[] { OutboxTests.Frame(1, 30), OutboxTests.Frame(1, 30) }, r.UpFrames);
        Assert.Equal(0, r.Outbox.Count);
    }

    [Fact]
    public void Each_close_for_a_missing_puback_doubles_the_wait_up_to_the_most_and_everything_acknowledged_resets_it()
    {
        var r = new Rig(o => { o.AckTimeoutSeconds = 10; o.MaxAckTimeoutSeconds = 30; });
        r.Transport.AutoAck = false;
        r.Queue(1);
        r.Tick();
        foreach (var (wait, next) in new[] { (10, 20), (20, 30), (30, 30) })
        {
            Assert.Equal(wait, r.Link.AckTimeoutSeconds);
            r.Tick(wait - 1);
            Assert.Equal(WanLinkState.Connected, r.Link.State); // a broker that is only behind gets the longer wait
            r.Tick(1);
            Assert.Equal(WanLinkState.Disconnected, r.Link.State);
            Assert.Equal(next, r.Link.AckTimeoutSeconds);
            r.Now = r.Link.NextAttempt;
            r.Tick(); // reconnected; the frame goes out again
        }
        Assert.Equal(3, r.Link.AckTimeouts);

        r.Transport.AckAll(delivered: true);
        r.Tick(0.1);
        Assert.Equal(0, r.Outbox.Count);
        Assert.Equal(10, r.Link.AckTimeoutSeconds);
    }

    [Fact]
    public void A_largest_puback_wait_below_the_first_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Rig(o => { o.AckTimeoutSeconds = 30; o.MaxAckTimeoutSeconds = 20; }));
    }

    [Fact]
    public void Refused_publish_is_retried_not_dropped()
    {
        var r = new Rig();
        r.Transport.AutoAck = false;
        r.Queue(1);
        r.Tick();
        r.Transport.AckAll(delivered: false);
        r.Tick(0.1);
        Assert.Equal(1, r.Outbox.Count);
        r.Transport.AutoAck = true;
        r.Tick(2);
        Assert.Equal(0, r.Outbox.Count);
        Assert.Equal(2, r.UpFrames.Count);
    }

    [Fact]
    public void Publish_failure_is_treated_as_a_lost_link()
    {
        var r = new Rig();
        r.Tick();
        r.Transport.FailPublish = true;
        r.Queue(1);
        r.Tick(0.1);
        Assert.Equal(WanLinkState.Disconnected, r.Link.State);
        Assert.Equal(1, r.Outbox.Count);
        r.Transport.FailPublish = false;
        r.Now = r.Link.NextAttempt;
        r.Tick();
        Assert.Equal(0, r.Outbox.Count);
    }

    [Fact]
    public void Queue_survives_a_reboot_during_an_outage()
    {
        var r = new Rig();
        r.Transport.BrokerUp = false;
        r.Tick();
        for (int i = 0; i < 4; i++) r.Queue(i);
        // Power cycle: a new outbox over the same flash, a new link.
        r.Outbox = Outbox.Mount(new RamBlockStore(r.Store.Flash, 1024, 5), 0, 4, 32);
        r.Link = r.NewLink();
        r.Transport.BrokerUp = true;
        r.Tick(1);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => OutboxTests.Frame(i, 30)), r.UpFrames);
        Assert.Equal(0, r.Outbox.Count);
    }
}

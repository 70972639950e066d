using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Wan;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Wan;

public class OutboxTests
{
    internal static byte[] Frame(int n, int length)
    {
        var b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte)(n * 31 + i);
        b[0] = 0xDD;
        return b;
    }

    internal static List<byte[]> Drain(Outbox o)
    {
        var result = new List<byte[]>();
        var buffer = new byte[o.MaxFrameLength];
        // Reads by delivering: callers pass an outbox they may consume (a remounted copy when the original matters).
        while (o.Count > 0)
        {
            int n = o.ReadHead(buffer, 0, out var id);
            result.Add(buffer[..n]);
            Assert.True(o.Acknowledge(id));
        }
        return result;
    }

    private static Outbox Reboot(RamBlockStore store, int capacity = 16) =>
        Outbox.Mount(new RamBlockStore(store.Flash, store.SectorSize, 9), 0, store.SectorCount, capacity);

    [Theory]
    [InlineData(40, 64)]
    [InlineData(200, 64)]
    [InlineData(300, 8)]
    public void Room_is_never_overstated_whatever_is_queued_and_delivered_in_between(int reserved, int capacity)
    {
        // Frames of up to the reserved size, queued and delivered in a random order: whenever RoomFor promised k
        // places, k such frames are taken, with deliveries (and the marks they write) in between.
        var rng = new Random(reserved * 7 + capacity);
        var o = Outbox.Mount(new RamBlockStore(1024, 4, 1), 0, 4, capacity);
        var buffer = new byte[o.MaxFrameLength];
        for (int step = 0; step < 2000; step++)
        {
            int promised = o.RoomFor(reserved);
            Assert.InRange(promised, 0, capacity - o.Count);
            for (int k = 0; k < promised; k++)
            {
                if (rng.Next(3) == 0 && o.Count > 0)
                {
                    o.ReadHead(buffer, 0, out var delivered);
                    o.Acknowledge(delivered);
                }
                int length = rng.Next(1, reserved + 1);
                Assert.Equal(OutboxResult.Queued, o.Enqueue(Frame(step, length), 0, length));
            }
            // Then deliver a few, so the log rotates through its sectors.
            for (int d = rng.Next(0, 4); d > 0 && o.Count > 0; d--)
            {
                o.ReadHead(buffer, 0, out var id);
                o.Acknowledge(id);
            }
        }
    }

    [Fact]
    public void Room_counts_entries_and_flash_and_is_zero_when_either_is_used_up()
    {
        var o = Outbox.Mount(new RamBlockStore(1024, 4, 1), 0, 4, 3);
        Assert.Equal(3, o.RoomFor(30));
        Assert.True(o.Send(Frame(1, 30), 0, 30));
        Assert.Equal(2, o.RoomFor(30));
        Assert.True(o.Send(Frame(2, 30), 0, 30));
        Assert.True(o.Send(Frame(3, 30), 0, 30));
        Assert.Equal(0, o.RoomFor(30));
        Assert.Equal(0, o.RoomFor(o.MaxFrameLength + 1));
        // By flash: frames that fill a sector each leave room for one per sector not holding a live entry.
        var big = Outbox.Mount(new RamBlockStore(1024, 4, 1), 0, 4, 64);
        int length = 600;
        int room = big.RoomFor(length);
        Assert.Equal(4, room);
        for (int i = 0; i < room; i++) Assert.Equal(OutboxResult.Queued, big.Enqueue(Frame(i, length), 0, length));
        Assert.Equal(0, big.RoomFor(length));
        Assert.Equal(OutboxResult.Full, big.Enqueue(Frame(9, length), 0, length));
    }

    [Fact]
    public void Queues_in_order_and_removes_only_on_acknowledge()
    {
        var store = new RamBlockStore(1024, 3, 1);
        var o = Outbox.Mount(store, 0, 3, 16);
        Assert.Equal(OutboxResult.Queued, o.Enqueue(Frame(1, 40), 0, 40));
        Assert.True(o.Send(Frame(2, 50), 0, 50));
        Assert.Equal(2, o.Count);
        var buffer = new byte[o.MaxFrameLength];
        int n = o.ReadHead(buffer, 0, out var id1);
        Assert.Equal(Frame(1, 40), buffer[..n]);
        n = o.ReadHead(buffer, 0, out var again);
        Assert.Equal(id1, again); // reading does not remove
        Assert.True(o.Acknowledge(id1));
        Assert.False(o.Acknowledge(id1)); // already gone
        n = o.ReadHead(buffer, 0, out var id2);
        Assert.Equal(Frame(2, 50), buffer[..n]);
        Assert.True(id2 > id1);
        Assert.True(o.Acknowledge(id2));
        Assert.Equal(0, o.Count);
        Assert.Equal(0, o.ReadHead(buffer, 0, out var none));
        Assert.Equal(0U, none);
    }

    [Fact]
    public void Survives_a_restart_with_queue_and_deliveries_intact()
    {
        var store = new RamBlockStore(1024, 3, 1);
        var o = Outbox.Mount(store, 0, 3, 16);
        for (int i = 0; i < 5; i++) o.Enqueue(Frame(i, 30 + i), 0, 30 + i);
        var buffer = new byte[o.MaxFrameLength];
        o.ReadHead(buffer, 0, out var id);
        o.Acknowledge(id);
        var r = Reboot(store);
        Assert.Equal(4, r.Count);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => Frame(i, 30 + i)), Drain(r));
        r = Reboot(store);
        Assert.Equal(0, r.Count);
        Assert.True(r.Send(Frame(9, 9), 0, 9));
        Assert.Equal(new[] { Frame(9, 9) }, Drain(Reboot(store)));
    }

    [Fact]
    public void Rotates_through_sectors_for_a_long_life_without_losing_order()
    {
        var store = new RamBlockStore(512, 3, 1);
        var o = Outbox.Mount(store, 0, 3, 8);
        var expected = new Queue<byte[]>();
        var rng = new Random(3);
        var buffer = new byte[o.MaxFrameLength];
        for (int step = 0; step < 2000; step++)
        {
            if (rng.Next(3) != 0 && o.Count < 8)
            {
                var f = Frame(step, 1 + rng.Next(150));
                var r = o.Enqueue(f, 0, f.Length);
                if (r == OutboxResult.Queued) expected.Enqueue(f);
                else Assert.Equal(OutboxResult.Full, r);
            }
            else if (o.Count > 0)
            {
                int n = o.ReadHead(buffer, 0, out var id);
                Assert.Equal(expected.Dequeue(), buffer[..n]);
                o.Acknowledge(id);
            }
            if (step % 97 == 0) o = Outbox.Mount(store, 0, 3, 8); // restart over the same store (keeps its counters)
        }
        Assert.True(store.TotalErases > 20);
        Assert.Equal(expected.ToArray(), Drain(o));
    }

    [Fact]
    public void Full_by_count_and_by_unacknowledged_bytes()
    {
        var store = new RamBlockStore(512, 2, 1);
        var o = Outbox.Mount(store, 0, 2, 3);
        for (int i = 0; i < 3; i++) Assert.Equal(OutboxResult.Queued, o.Enqueue(Frame(i, 10), 0, 10));
        Assert.Equal(OutboxResult.Full, o.Enqueue(Frame(9, 10), 0, 10));

        var big = Outbox.Mount(new RamBlockStore(512, 2, 1), 0, 2, 100);
        var f = Frame(1, 200);
        int queued = 0;
        while (big.Enqueue(f, 0, f.Length) == OutboxResult.Queued) queued++;
        Assert.InRange(queued, 2, 4); // two sectors of undelivered data, then nothing may be erased
        Assert.Equal(OutboxResult.Full, big.Enqueue(f, 0, f.Length));
        var buffer = new byte[big.MaxFrameLength];
        big.ReadHead(buffer, 0, out var id);
        big.Acknowledge(id);
        big.ReadHead(buffer, 0, out id);
        big.Acknowledge(id);
        Assert.Equal(OutboxResult.Queued, big.Enqueue(f, 0, f.Length)); // delivery frees the oldest sector
    }

    [Fact]
    public void Too_large_and_bad_arguments()
    {
        var o = Outbox.Mount(new RamBlockStore(512, 2, 1), 0, 2, 4);
        Assert.Equal(512 - 24 - 20, o.MaxFrameLength);
        var f = new byte[o.MaxFrameLength + 1];
        Assert.Equal(OutboxResult.TooLarge, o.Enqueue(f, 0, f.Length));
        Assert.Equal(OutboxResult.Queued, o.Enqueue(f, 0, f.Length - 1));
        Assert.Throws<ArgumentException>(() => o.Enqueue(f, 0, 0));
        Assert.Throws<ArgumentException>(() => o.Enqueue(f, 10, f.Length));
        Assert.Throws<ArgumentException>(() => Outbox.Mount(new RamBlockStore(512, 2, 1), 0, 1, 4));
        Assert.Throws<ArgumentException>(() => Outbox.Mount(new RamBlockStore(512, 2, 1), 1, 2, 4));
    }

    [Fact]
    public void Uses_only_its_own_sector_window()
    {
        var store = new RamBlockStore(512, 6, 1);
        var o = Outbox.Mount(store, 2, 3, 8);
        for (int i = 0; i < 20; i++)
        {
            o.Enqueue(Frame(i, 100), 0, 100);
            var buffer = new byte[o.MaxFrameLength];
            o.ReadHead(buffer, 0, out var id);
            o.Acknowledge(id);
        }
        Assert.All(store.Flash[..1024], b => Assert.Equal(0xFF, b));
        Assert.All(store.Flash[(5 * 512)..], b => Assert.Equal(0xFF, b));
        Assert.Equal(0, store.GetEraseCount(0) + store.GetEraseCount(1) + store.GetEraseCount(5));
    }

    [Fact]
    public void Foreign_garbage_does_not_count()
    {
        var store = new RamBlockStore(512, 3, 1);
        new Random(1).NextBytes(store.Flash);
        var o = Outbox.Mount(store, 0, 3, 8);
        Assert.Equal(0, o.Count);
        Assert.Equal(OutboxResult.Queued, o.Enqueue(Frame(1, 20), 0, 20));
        Assert.Equal(new[] { Frame(1, 20) }, Drain(Reboot(store)));
    }

    [Fact]
    public void Acknowledgement_that_cannot_be_written_is_redelivered_after_reboot_never_lost()
    {
        var store = new RamBlockStore(512, 3, 1);
        var o = Outbox.Mount(store, 0, 3, 8);
        o.Enqueue(Frame(1, 20), 0, 20);
        o.Enqueue(Frame(2, 20), 0, 20);
        var buffer = new byte[o.MaxFrameLength];
        o.ReadHead(buffer, 0, out var id);
        store.CutPowerAfterBytes(3); // the mark for this acknowledgement is torn
        Assert.True(o.Acknowledge(id)); // delivered in RAM all the same
        Assert.True(o.HasUnpersistedAcknowledgement);
        var r = Reboot(store);
        Assert.Equal(new[] { Frame(1, 20), Frame(2, 20) }, Drain(r)); // at least once: the duplicate is allowed
    }
}

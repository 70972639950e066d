using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Wan;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Firmware.Han.Tests.Wan;

/// <summary>
/// A scripted outbox life (queueing and deliveries, with sector rotations) replayed with a power cut at every byte
/// of every program and at several points of every erase. After each cut the hub reboots: the queue must be the
/// one before or the one after the interrupted operation (before only for a queued frame whose Send had not
/// returned; a delivered frame may come back once), every frame byte-exact, and the outbox must keep working.
/// </summary>
public class OutboxPowerCutTests
{
    private const int SectorSize = 512;
    private const int Sectors = 3;
    private const int Capacity = 6;
    private readonly ITestOutputHelper _out;

    public OutboxPowerCutTests(ITestOutputHelper output) => _out = output;

    private sealed record Op(bool Enqueue, byte[] Frame);

    private static Outbox Mount(byte[] flash, uint seed) =>
        Outbox.Mount(new RamBlockStore(flash, SectorSize, seed), 0, Sectors, Capacity);

    private static List<byte[]> Peek(byte[] flash)
    {
        // Read the queue of a flash image without touching it: mount a copy and drain that.
        return OutboxTests.Drain(Mount((byte[])flash.Clone(), 77));
    }

    private static void Apply(Outbox o, Op op)
    {
        if (op.Enqueue)
        {
            o.Enqueue(op.Frame, 0, op.Frame.Length);
        }
        else if (o.Count > 0)
        {
            var buffer = new byte[o.MaxFrameLength];
            o.ReadHead(buffer, 0, out var id);
            o.Acknowledge(id);
        }
    }

    private static List<Op> Script(int length, int seed)
    {
        var rng = new Random(seed);
        var ops = new List<Op>();
        int queued = 0;
        for (int i = 0; i < length; i++)
        {
            bool enqueue = queued == 0 || (queued < Capacity && rng.Next(5) < 3);
            var f = OutboxTests.Frame(i, 1 + rng.Next(140));
            ops.Add(new Op(enqueue, f));
            queued += enqueue ? 1 : -1;
        }
        return ops;
    }

    private static bool Same(List<byte[]> a, List<byte[]> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    [Fact]
    public void Cut_at_every_byte_and_during_every_erase_leaves_the_state_before_or_after()
    {
        var ops = Script(120, 11);
        var flash = new RamBlockStore(SectorSize, Sectors, 1).Flash;
        int runs = 0, sawBefore = 0, sawAfter = 0, eraseRuns = 0, programCutsAfter = 0;
        for (int i = 0; i < ops.Count; i++)
        {
            var before = Peek(flash);
            // The uncut operation from a fresh mount: the reference "after" and the byte count to cut across.
            var next = (byte[])flash.Clone();
            var clean = new RamBlockStore(next, SectorSize, 1);
            var o = Outbox.Mount(clean, 0, Sectors, Capacity);
            long bytes0 = clean.BytesProgrammed, erases0 = clean.TotalErases;
            Apply(o, ops[i]);
            long bytes = clean.BytesProgrammed - bytes0;
            long erases = clean.TotalErases - erases0;
            var after = Peek(next);

            for (long k = 0; k < bytes; k++)
            {
                int afterSoFar = sawAfter;
                Check(flash, ops[i], s => s.CutPowerAfterBytes(k), before, after, (uint)(k + 1), ref sawBefore, ref sawAfter);
                programCutsAfter += sawAfter - afterSoFar;
                runs++;
            }
            for (int e = 0; e < erases; e++)
            {
                foreach (int prefix in new[] { 0, 1, 17, SectorSize / 2, SectorSize - 1, -1 })
                {
                    Check(flash, ops[i], s => s.CutPowerDuringErase(e, prefix), before, after, (uint)(prefix + 1000), ref sawBefore, ref sawAfter);
                    eraseRuns++;
                }
            }
            flash = next;
        }
        _out.WriteLine($"{ops.Count} ops, {runs} program cuts, {eraseRuns} erase cuts; recovered to before {sawBefore}, after {sawAfter}; 0 corrupted");
        Assert.True(runs > 5000);
        Assert.True(eraseRuns > 0);
        // The commit byte is the last one programmed, so a cut inside an operation's programming leaves the state
        // before it; "after" is reached only by an operation that completed (checked for every op by the reference
        // run). An erase cut may land after the commit (retiring a sector), so either state counts there.
        Assert.Equal(runs + eraseRuns, sawBefore + sawAfter);
        Assert.True(programCutsAfter == 0, $"{programCutsAfter} of {runs} program cuts recovered the state after the interrupted operation");
    }

    private static void Check(byte[] checkpoint, Op op, Action<RamBlockStore> cut, List<byte[]> before, List<byte[]> after, uint seed,
        ref int sawBefore, ref int sawAfter)
    {
        var flash = (byte[])checkpoint.Clone();
        var store = new RamBlockStore(flash, SectorSize, seed);
        var o = Outbox.Mount(store, 0, Sectors, Capacity);
        cut(store);
        bool queued = false;
        if (op.Enqueue) queued = o.Enqueue(op.Frame, 0, op.Frame.Length) == OutboxResult.Queued;
        else Apply(o, op);
        // The outbox reports a failed write as a result rather than throwing, so the cut is checked on the flash: a
        // cut that was never reached would test the uncut operation again.
        Assert.True(store.PowerLost, $"the cut was not reached ({(op.Enqueue ? "enqueue" : "ack")})");

        var recovered = Peek(flash);
        bool isBefore = Same(recovered, before), isAfter = Same(recovered, after);
        Assert.True(isBefore || isAfter, $"corrupted state after a cut ({(op.Enqueue ? "enqueue" : "ack")})");
        if (queued) Assert.True(isAfter, "a frame whose Send returned true was lost");
        if (isAfter) sawAfter++; else sawBefore++;

        // Life goes on after the reboot: a new frame is queued behind whatever survived, never behind garbage.
        var rebooted = Mount(flash, seed + 5);
        var marker = new byte[] { 0xDF, 0x4D, (byte)seed };
        var r = rebooted.Enqueue(marker, 0, marker.Length);
        if (r == OutboxResult.Queued)
        {
            var final = Peek(flash);
            Assert.Equal(recovered.Count + 1, final.Count);
            Assert.Equal(marker, final[^1]);
        }
        else Assert.Equal(OutboxResult.Full, r);
    }
}

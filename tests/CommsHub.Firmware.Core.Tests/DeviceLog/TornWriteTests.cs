using System.Diagnostics;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using CommsHub.Firmware.Net;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

/// <summary>
/// THE torn-write test: a scripted run of device-log operations; for every program call of the run and every byte
/// offset in it, and for every erase (unerased, seeded-partial and completed-but-interrupted variants), power is
/// cut there, the flash is remounted, and the recovered log must equal exactly the state before or after the
/// interrupted operation. Replays start from a per-operation checkpoint copy of the flash, not from the beginning.
/// </summary>
public class TornWriteTests(ITestOutputHelper output)
{
    /// <summary>The main run: 1,000 operations over 2 sectors of 4 KB, so compaction erases the only other sector.</summary>
    [Fact]
    public void Every_cut_point_of_1000_operations_recovers_the_state_before_or_after()
        => Run(1000, 4096, 2, 20250301);

    /// <summary>A shorter run over 3 smaller sectors: more compactions per operation, three-way rotation.</summary>
    [Fact]
    public void Every_cut_point_recovers_with_three_small_sectors()
        => Run(300, 2048, 3, 77);

    private void Run(int operations, int sectorSize, int sectors, int seed)
    {
        var rng = new Random(seed);
        var ops = new Op[operations];
        var t = LogFixture.Start;
        var total = Stopwatch.StartNew();

        // Pass 1: run the script once, keeping the flash before each operation and the snapshots around it.
        var checkpoints = new byte[ops.Length][];
        var before = new byte[ops.Length][];
        var after = new byte[ops.Length][];
        var bytes = new int[ops.Length];
        var erases = new int[ops.Length];
        var stats = new WriteStats();
        using (var aes = new NetAes128())
        {
            var clock = new FakeClock(LogFixture.Start);
            var store = new RamBlockStore(sectorSize, sectors, 1);
            var log = ChfDeviceLog.Open(store, aes, clock, Options());
            for (int i = 0; i < ops.Length; i++)
            {
                checkpoints[i] = (byte[])store.Flash.Clone();
                before[i] = log.ExportSnapshot();
                t = t.AddSeconds(rng.Next(0, 40));
                ops[i] = Op.Next(rng, log, t);
                long b0 = store.BytesProgrammed, e0 = store.TotalErases, p0 = store.ProgramCount;
                ops[i].Apply(log, clock);
                bytes[i] = (int)(store.BytesProgrammed - b0);
                erases[i] = (int)(store.TotalErases - e0);
                after[i] = log.ExportSnapshot();
                stats.Add(ops[i].Kind, bytes[i], (int)(store.ProgramCount - p0), erases[i], log.Count);
            }
            output.WriteLine($"flash {sectors} x {sectorSize} B; erase counts per sector: {string.Join(", ", Enumerable.Range(0, sectors).Select(store.GetEraseCount))}");
        }
        stats.Print(output);

        // Pass 2: every cut point, operations spread over the cores (each replay is independent).
        var cutWatch = Stopwatch.StartNew();
        long cuts = 0, recoveredBefore = 0, recoveredAfter = 0, corrupted = 0, continued = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Parallel.For(0, ops.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new Worker(sectorSize, checkpoints[0].Length),
            (i, _, w) =>
            {
                int points = bytes[i] + 3 * erases[i];
                for (int k = 0; k < points; k++)
                {
                    Array.Copy(checkpoints[i], w.Flash, w.Flash.Length);
                    var store = new RamBlockStore(w.Flash, sectorSize, (uint)(i * 7919 + k + 1));
                    var log = ChfDeviceLog.Open(store, w.Aes, w.Clock, Options());
                    if (k < bytes[i]) store.CutPowerAfterBytes(k);
                    else store.CutPowerDuringErase((k - bytes[i]) / 3, new[] { 0, -1, sectorSize }[(k - bytes[i]) % 3]);
                    bool lost = false;
                    try { ops[i].Apply(log, w.Clock); }
                    catch (PowerLossException) { lost = true; }
                    var recovered = ChfDeviceLog.Open(new RamBlockStore(w.Flash, sectorSize, 1), w.Aes, w.Clock, Options());
                    var got = recovered.ExportSnapshot();
                    bool isBefore = got.AsSpan().SequenceEqual(before[i]);
                    bool isAfter = got.AsSpan().SequenceEqual(after[i]);
                    w.Cuts++;
                    if (isBefore) w.Before++;
                    else if (isAfter) w.After++;
                    if (!lost || !(isBefore || isAfter))
                    {
                        w.Corrupted++;
                        failures.Enqueue($"op {i} {ops[i].Kind} cut {k}/{points} lost={lost} before={isBefore} after={isAfter}");
                        continue;
                    }
                    // Every 8th cut: the recovered log must also take the next write (from a dirty tail, a
                    // half-erased sector, ...) and keep it across another reboot.
                    if (k % 8 == 0)
                    {
                        var next = isAfter ? (i + 1 < ops.Length ? i + 1 : -1) : i;
                        if (next >= 0)
                        {
                            ops[next].Apply(recovered, w.Clock);
                            var again = ChfDeviceLog.Open(new RamBlockStore(w.Flash, sectorSize, 1), w.Aes, w.Clock, Options());
                            if (!again.ExportSnapshot().AsSpan().SequenceEqual(after[next]))
                            {
                                w.Corrupted++;
                                failures.Enqueue($"op {i} cut {k}: write after recovery (op {next}) not persisted correctly");
                            }
                            w.Continued++;
                        }
                    }
                }
                return w;
            },
            w =>
            {
                Interlocked.Add(ref cuts, w.Cuts);
                Interlocked.Add(ref recoveredBefore, w.Before);
                Interlocked.Add(ref recoveredAfter, w.After);
                Interlocked.Add(ref corrupted, w.Corrupted);
                Interlocked.Add(ref continued, w.Continued);
                w.Aes.Dispose();
            });
        cutWatch.Stop();
        total.Stop();

        long totalErases = erases.Sum();
        output.WriteLine($"TORN-WRITE {sectors}x{sectorSize}: operations {ops.Length}, operations that wrote {bytes.Count(b => b > 0)}, " +
                         $"cut points {cuts} (program-byte cuts {bytes.Sum()}, erase cuts {3 * totalErases} = 3 x {totalErases} erases), " +
                         $"recovered before {recoveredBefore}, after {recoveredAfter}, corrupted {corrupted}, " +
                         $"writes verified after recovery {continued}; cut phase {cutWatch.Elapsed.TotalSeconds:F1} s, total {total.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores");
        foreach (var f in failures.Take(10)) output.WriteLine(f);
        Assert.Equal(0, corrupted);
        Assert.Equal(bytes.Sum() + 3 * totalErases, cuts);
        Assert.True(totalErases > 10, "the script must exercise compaction");
        Assert.True(bytes.Count(b => b > 0) > ops.Length / 2, "most operations must write");
        Assert.True(recoveredBefore > 0 && recoveredAfter > 0);
    }

    private static DeviceLogOptions Options() => new() { Capacity = 16, DefaultExtendedPanId = 0x00DB1234567890A2 };

    private sealed class Worker(int sectorSize, int flashLength)
    {
        public readonly byte[] Flash = new byte[flashLength];
        public readonly NetAes128 Aes = new();
        public readonly FakeClock Clock = new(LogFixture.Start);
        public readonly int SectorSize = sectorSize;
        public long Cuts, Before, After, Corrupted, Continued;
    }
}

using Xunit.Abstractions;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

/// <summary>Flash writes per operation kind, for BENCHMARKS.md.</summary>
public sealed class WriteStats
{
    private readonly Dictionary<OpKind, (int ops, int writing, long bytes, long calls, long erases)> _byKind = new();
    private long _entrySum;
    private int _ops;

    public void Add(OpKind kind, int bytes, int calls, int erases, int entries)
    {
        _byKind.TryGetValue(kind, out var s);
        _byKind[kind] = (s.ops + 1, s.writing + (bytes > 0 ? 1 : 0), s.bytes + bytes, s.calls + calls, s.erases + erases);
        _entrySum += entries;
        _ops++;
    }

    public void Print(ITestOutputHelper output)
    {
        long bytes = _byKind.Values.Sum(v => v.bytes), erases = _byKind.Values.Sum(v => v.erases);
        int writing = _byKind.Values.Sum(v => v.writing);
        output.WriteLine($"WRITES PER OP: {_ops} ops (mean {(double)_entrySum / _ops:F1} devices in the log), {writing} changed state; " +
                         $"bytes programmed {bytes} = {(double)bytes / _ops:F0} per op, {(double)bytes / writing:F0} per writing op; " +
                         $"erases {erases} = {(double)erases / writing:F3} per writing op (one erase per {(double)writing / Math.Max(1, erases):F1} writes)");
        foreach (var (kind, v) in _byKind.OrderBy(k => k.Key))
        {
            output.WriteLine($"  {kind,-15} ops {v.ops,5}  writing {v.writing,5}  bytes/write {(v.writing == 0 ? 0 : (double)v.bytes / v.writing),7:F0}  " +
                             $"program calls/write {(v.writing == 0 ? 0 : (double)v.calls / v.writing),4:F1}  erases/write {(v.writing == 0 ? 0 : (double)v.erases / v.writing):F3}");
        }
    }
}

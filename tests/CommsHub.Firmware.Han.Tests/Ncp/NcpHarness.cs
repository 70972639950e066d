using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Core.Han.Ncp.Ash;
using CommsHub.Firmware.Han.Tests.Support;

namespace CommsHub.Firmware.Han.Tests.Ncp;

/// <summary>The hub's <see cref="NcpHanNetwork"/> wired to a <see cref="SimulatedNcp"/> through two in-memory byte queues.</summary>
internal sealed class NcpHarness : IAshTransport
{
    private readonly Queue<byte> _toNcp = new();
    private readonly Queue<byte> _toHost = new();

    public NcpHarness(int protocolVersion = 13)
    {
        Clock = new FakeClock(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Ncp = new SimulatedNcp(_toHost, protocolVersion);
        var settings = new NcpNetworkSettings();
        settings.Security.NetworkKey = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();
        settings.Security.PreconfiguredKey = Enumerable.Range(0x30, 16).Select(i => (byte)i).ToArray();
        settings.Network.ExtendedPanId = 0x0011223344556677;
        settings.Network.PanId = 0x1A2B;
        Han = new NcpHanNetwork(this, Clock, settings);
        Han.StatusChanged += (status, reason) => Statuses.Add((status, reason));
    }

    public FakeClock Clock { get; }
    public SimulatedNcp Ncp { get; }
    public NcpHanNetwork Han { get; }
    public List<(NcpHanStatus Status, string? Reason)> Statuses { get; } = new();

    /// <summary>Bytes the host wrote, all of them, in order (a "serial capture").</summary>
    public List<byte> HostCapture { get; } = new();

    public void Write(byte[] buffer, int offset, int count)
    {
        for (int i = 0; i < count; i++)
        {
            _toNcp.Enqueue(buffer[offset + i]);
            HostCapture.Add(buffer[offset + i]);
        }
    }

    /// <summary>Moves bytes both ways until neither side has anything more to say.</summary>
    public void Run()
    {
        for (int guard = 0; guard < 100_000 && (_toNcp.Count > 0 || _toHost.Count > 0); guard++)
        {
            while (_toNcp.Count > 0) Ncp.Receive(_toNcp.Dequeue());
            if (_toHost.Count > 0)
            {
                byte[] chunk = _toHost.ToArray();
                _toHost.Clear();
                Han.Receive(chunk, 0, chunk.Length);
            }
        }
    }

    /// <summary>Moves the clock on, runs the timers, then lets the bytes flow.</summary>
    public void Elapse(TimeSpan by)
    {
        Clock.Advance(by);
        Han.Tick();
        Run();
    }

    public void StartAndRun()
    {
        Han.Start();
        Run();
    }
}

using CommsHub.Firmware.Han.Tests.Ncp;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

/// <summary>The board's NCP UART as an in-memory byte pipe to a <see cref="LeanNcp"/>; reset pulses are counted.</summary>
internal sealed class InMemoryNcpPort(LeanNcp ncp) : INcpPort
{
    public int ResetPulses { get; private set; }

    public int Read(byte[] buffer, int offset, int count) => ncp.Drain(buffer, offset, count);

    public void Write(byte[] buffer, int offset, int count) => ncp.Write(buffer, offset, count);

    public void DiscardInput()
    {
        var sink = new byte[256];
        while (ncp.Pending > 0) ncp.Drain(sink, 0, sink.Length);
    }

    public void ResetNcp(int milliseconds) => ResetPulses++;

    public void Wake() { }
}

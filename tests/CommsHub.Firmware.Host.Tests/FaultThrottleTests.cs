using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// A fault that persists in a hub's loop is logged once a minute with a count, not on every tick or frame: a process
/// runs thousands of hubs, and a full disk would otherwise write twenty stack traces a second for each.
/// </summary>
public class FaultThrottleTests
{
    [Fact]
    public void Repeats_of_a_logged_fault_are_counted_until_the_window_passes_then_logged_with_the_count()
    {
        long now = 0;
        var throttle = new FaultThrottle(TimeSpan.FromMinutes(1), () => now);
        var full = new IOException("No space left on device");

        Assert.True(throttle.ShouldLog(full, out var leftOut));
        Assert.Equal(0, leftOut);
        for (int i = 0; i < 1200; i++, now += 50) Assert.False(throttle.ShouldLog(new IOException(full.Message), out _));
        // Another kind is logged at once, the same message under another type too.
        Assert.True(throttle.ShouldLog(new InvalidOperationException("the NCP's serial port is gone"), out _));
        Assert.True(throttle.ShouldLog(new InvalidOperationException(full.Message), out _));

        now = 60_000;
        Assert.True(throttle.ShouldLog(full, out leftOut));
        Assert.Equal(1200, leftOut);
        Assert.False(throttle.ShouldLog(full, out _));
    }

    [Fact]
    public void Ever_new_fault_messages_are_each_logged_and_remembered_in_bounded_room()
    {
        var throttle = new FaultThrottle(TimeSpan.FromMinutes(1), () => 0);
        for (int i = 0; i < 10_000; i++) Assert.True(throttle.ShouldLog(new IOException($"frame {i} refused"), out _));
    }

    // Nothing listens there: the hub works without a broker.
    private const int NoBroker = 1;

    [SharedDataFact]
    public async Task A_fault_repeated_on_every_piece_of_a_hubs_work_is_logged_once_and_the_hub_runs_on()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var faults = new FaultLog();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(faults));
        var hub = HubSetup.Start(dir.Path, NoBroker, ka, ds, loggers);
        try
        {
            for (int i = 0; i < 200; i++) Assert.True(hub.Post(() => throw new IOException("No space left on device")));
            Assert.Equal(0, await hub.InvokeAsync(() => hub.Outbox.Count)); // after the 200, on the same loop

            var fault = Assert.Single(faults.Errors);
            Assert.Equal("No space left on device", fault.Exception?.Message);
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }
}

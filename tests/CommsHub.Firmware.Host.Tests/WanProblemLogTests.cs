using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// A hub says why it is off the broker: a connection the broker ended is logged as lost, with the broker's reason; one
/// the hub closed itself (no PUBACK in time) as closed, with that reason; a failed attempt with the socket's error. All
/// read "broker unreachable" before, so a fleet losing its connections under load (2,000 hubs on the embedded broker)
/// could not be told from a broker that is down.
/// </summary>
public sealed class WanProblemLogTests
{
    // One hub logging its warnings, on a broker of the test's (or none: port 1, where nothing listens).
    private sealed class Rig : IAsyncDisposable
    {
        private readonly TempDir _dir = new();
        private readonly NetPrivateKey _ka = NetPrivateKey.Generate();
        private readonly NetPrivateKey _ds = NetPrivateKey.Generate();
        private readonly ILoggerFactory _loggers;

        public Rig(int brokerPort, int ackTimeoutSeconds = 30)
        {
            _loggers = LoggerFactory.Create(b => b.AddProvider(Log));
            Hub = HubSetup.Start(_dir.Path, brokerPort, _ka, _ds, _loggers, ackTimeoutSeconds);
        }

        public FaultLog Log { get; } = new(LogLevel.Warning);

        public VirtualHub Hub { get; }

        public Task ConnectedAsync() => HubSetup.WaitUntilAsync(Hub, () => Hub.Link.State == WanLinkState.Connected, "the hub's connection");

        public async Task SendUpAsync(params byte[] frame) => Assert.True(await Hub.InvokeAsync(() => Hub.Outbox.Send(frame, 0, frame.Length)));

        public bool Logged(string containing) => Log.Errors.Any(e => e.Message.Contains(containing, StringComparison.Ordinal));

        public async Task<string> WarningAsync(string containing)
        {
            var deadline = DateTime.UtcNow + AdapterClient.Wait;
            while (DateTime.UtcNow < deadline)
            {
                if (Log.Errors.FirstOrDefault(e => e.Message.Contains(containing, StringComparison.Ordinal)) is { Message: { } line }) return line;
                await Task.Delay(50);
            }
            throw new TimeoutException($"no warning containing '{containing}' within {AdapterClient.Wait.TotalSeconds} s: " +
                string.Join(" | ", Log.Errors.Select(e => e.Message)));
        }

        public async ValueTask DisposeAsync()
        {
            await Hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
            _loggers.Dispose();
            _ka.Dispose();
            _ds.Dispose();
            _dir.Dispose();
        }
    }

    [SharedDataFact]
    public async Task A_connection_the_broker_ends_is_logged_as_lost_with_the_brokers_reason()
    {
        await using var broker = await Broker.StartAsync();
        await using var rig = new Rig(broker.Port);
        await rig.ConnectedAsync();
        await broker.DisconnectAsync(Eui64.ToText(rig.Hub.Eui));

        var line = await rig.WarningAsync("connection to the broker lost");
        Assert.True(line.Contains("ServerBusy", StringComparison.Ordinal), line);
        Assert.False(rig.Logged("broker unreachable"));
    }

    [SharedDataFact]
    public async Task A_connection_the_hub_closes_for_a_missing_puback_is_logged_with_that_reason()
    {
        await using var broker = await Broker.StartAsync();
        await using var rig = new Rig(broker.Port, ackTimeoutSeconds: 1);
        await rig.ConnectedAsync();
        broker.PublishDelay = TimeSpan.FromSeconds(4);
        await rig.SendUpAsync(0xDD, 0x00, 0x01);

        var line = await rig.WarningAsync("closed its connection to the broker");
        Assert.True(line.Contains("no PUBACK for the oldest frame in flight in time; the next wait is 2 s", StringComparison.Ordinal), line);
        Assert.False(rig.Logged("connection to the broker lost"));
        broker.PublishDelay = TimeSpan.Zero;
    }

    [SharedDataFact]
    public async Task A_connection_closed_for_a_missing_puback_is_made_again_without_first_waiting_for_that_puback()
    {
        await using var broker = await Broker.StartAsync();
        await using var rig = new Rig(broker.Port, ackTimeoutSeconds: 2);
        await rig.ConnectedAsync();
        var reconnects = rig.Hub.Link.Reconnects;
        broker.PublishDelay = TimeSpan.FromSeconds(12);
        var sent = DateTime.UtcNow;
        await rig.SendUpAsync(0xDD, 0x00, 0x02);

        await HubSetup.WaitUntilAsync(rig.Hub, () => rig.Hub.Link.Reconnects > reconnects, "the reconnect");
        // The close comes at the 2 s timeout and the next attempt within the 1 s backoff. Before: the close first
        // waited for the frame's PUBACK, up to the transport's 10 s timeout, holding the hub's loop (12 s in all).
        var took = DateTime.UtcNow - sent;
        Assert.True(took < TimeSpan.FromSeconds(8), $"reconnected {took.TotalSeconds:F1} s after the frame was sent");
        Assert.True(rig.Logged("closed its connection to the broker"));
        broker.PublishDelay = TimeSpan.Zero;
    }

    [SharedDataFact]
    public async Task A_failed_attempt_is_logged_with_the_sockets_error()
    {
        await using var rig = new Rig(brokerPort: 1);
        var line = await rig.WarningAsync("broker unreachable");
        Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase); // "Connection refused"
    }
}

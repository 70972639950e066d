using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// A hub says why it is off the broker: a connection the broker ended is logged as lost, with the broker's reason, and
/// a failed attempt with the socket's error. Both read "broker unreachable" before, so a fleet losing its connections
/// under load (2,000 hubs on the embedded broker) could not be told from a broker that is down.
/// </summary>
public sealed class WanProblemLogTests
{
    private static async Task<string> WarningAsync(FaultLog log, string containing)
    {
        var deadline = DateTime.UtcNow + AdapterClient.Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (log.Errors.FirstOrDefault(e => e.Message.Contains(containing, StringComparison.Ordinal)) is { Message: { } line }) return line;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no warning containing '{containing}' within {AdapterClient.Wait.TotalSeconds} s: " +
            string.Join(" | ", log.Errors.Select(e => e.Message)));
    }

    [SharedDataFact]
    public async Task A_connection_the_broker_ends_is_logged_as_lost_with_the_brokers_reason()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var log = new FaultLog(LogLevel.Warning);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        await using var broker = await Broker.StartAsync();
        var hub = HubSetup.Start(dir.Path, broker.Port, ka, ds, loggers);
        try
        {
            await HubSetup.WaitUntilAsync(hub, () => hub.Link.State == WanLinkState.Connected, "the hub's connection");
            await broker.DisconnectAsync(Eui64.ToText(hub.Eui));

            var line = await WarningAsync(log, "connection to the broker lost");
            Assert.True(line.Contains("ServerBusy", StringComparison.Ordinal), line);
            Assert.DoesNotContain(log.Errors, e => e.Message.Contains("broker unreachable", StringComparison.Ordinal));
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }

    [SharedDataFact]
    public async Task A_connection_the_hub_closes_for_a_missing_puback_is_logged_with_that_reason()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var log = new FaultLog(LogLevel.Warning);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        await using var broker = await Broker.StartAsync();
        var hub = HubSetup.Start(dir.Path, broker.Port, ka, ds, loggers, ackTimeoutSeconds: 1);
        try
        {
            await HubSetup.WaitUntilAsync(hub, () => hub.Link.State == WanLinkState.Connected, "the hub's connection");
            broker.PublishDelay = TimeSpan.FromSeconds(4);
            byte[] frame = [0xDD, 0x00, 0x01];
            Assert.True(await hub.InvokeAsync(() => hub.Outbox.Send(frame, 0, frame.Length)));

            var line = await WarningAsync(log, "closed its connection to the broker");
            Assert.True(line.Contains("no PUBACK for the oldest frame in flight in time; the next wait is 2 s", StringComparison.Ordinal), line);
            Assert.DoesNotContain(log.Errors, e => e.Message.Contains("connection to the broker lost", StringComparison.Ordinal));
            broker.PublishDelay = TimeSpan.Zero;
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }

    [SharedDataFact]
    public async Task A_connection_closed_for_a_missing_puback_is_made_again_without_first_waiting_for_that_puback()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var log = new FaultLog(LogLevel.Warning);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        await using var broker = await Broker.StartAsync();
        var hub = HubSetup.Start(dir.Path, broker.Port, ka, ds, loggers, ackTimeoutSeconds: 2);
        try
        {
            await HubSetup.WaitUntilAsync(hub, () => hub.Link.State == WanLinkState.Connected, "the hub's connection");
            var reconnects = hub.Link.Reconnects;
            broker.PublishDelay = TimeSpan.FromSeconds(12);
            byte[] frame = [0xDD, 0x00, 0x02];
            var sent = DateTime.UtcNow;
            Assert.True(await hub.InvokeAsync(() => hub.Outbox.Send(frame, 0, frame.Length)));

            await HubSetup.WaitUntilAsync(hub, () => hub.Link.Reconnects > reconnects, "the reconnect");
            // The close comes at the 2 s timeout and the next attempt within the 1 s backoff. Before: the close first
            // waited for the frame's PUBACK, up to the transport's 10 s timeout, holding the hub's loop (12 s in all).
            var took = DateTime.UtcNow - sent;
            Assert.True(took < TimeSpan.FromSeconds(8), $"reconnected {took.TotalSeconds:F1} s after the frame was sent");
            Assert.Contains(log.Errors, e => e.Message.Contains("closed its connection to the broker", StringComparison.Ordinal));
            broker.PublishDelay = TimeSpan.Zero;
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }

    [SharedDataFact]
    public async Task A_failed_attempt_is_logged_with_the_sockets_error()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var log = new FaultLog(LogLevel.Warning);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var hub = HubSetup.Start(dir.Path, 1, ka, ds, loggers); // nothing listens on port 1
        try
        {
            var line = await WarningAsync(log, "broker unreachable");
            Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase); // "Connection refused"
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }
}

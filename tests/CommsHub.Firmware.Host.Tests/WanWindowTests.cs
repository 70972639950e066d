using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.Protocol.Wan;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>The virtual hub's up frames are driven by PUBACKs, not by the loop's timer.</summary>
public class WanWindowTests
{
    private const ulong Eui = 0x00DB1234567890B7;

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task Queued_frames_reach_the_broker_in_order_with_no_tick_after_the_connect(int window)
    {
        await using var broker = await Broker.StartAsync();
        await using var adapter = await AdapterClient.ConnectAsync(broker.Port);
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        // One tick (the first, which connects), then none for an hour: every frame after that is sent because a
        // PUBACK or the queueing itself woke the loop.
        var hub = VirtualHub.Start(new VirtualHubOptions
        {
            Eui = Eui,
            DataDirectory = dir.Path,
            KeyAgreementKey = ka,
            DigitalSignatureKey = ds,
            BrokerPort = broker.Port,
            TickInterval = TimeSpan.FromHours(1),
            WanWindow = window,
        }, HubSetup.Loggers);
        try
        {
            await adapter.WaitForAsync(m => m.Topic == WanTopics.Status(Eui), "online status");
            Assert.Equal(WanLinkState.Connected, await hub.InvokeAsync(() => hub.Link.State));
            const int frames = 40;
            var sent = Enumerable.Range(0, frames).Select(i => new byte[] { 0xDD, (byte)i, 0x55 }).ToList();
            await hub.InvokeAsync(() => sent.All(f => hub.Outbox.Send(f, 0, f.Length)));
            var received = new List<byte[]>();
            while (received.Count < frames)
                received.Add((await adapter.WaitForAsync(m => m.Topic == WanTopics.Up(Eui) && !received.Any(r => ReferenceEquals(r, m.Payload)), "up frame")).Payload);
            Assert.Equal(sent, received);
            await HubSetup.WaitUntilAsync(hub, () => hub.Outbox.Count == 0, "every frame acknowledged");
            Assert.Equal(frames, await hub.InvokeAsync(() => hub.Link.FramesPublished));
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }
}

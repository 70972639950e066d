using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Firmware.Host.Wan;
using CommsHub.Protocol.Wan;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>What the hub's MQTT transport keeps of the commands a full inbox refused (MQTTnet's broker ignores Receive Maximum).</summary>
public class WanInboxOverflowTests
{
    private const ulong Eui = 0x00DB1234567890BA;

    [Fact]
    public async Task Commands_the_full_inbox_refused_are_not_held_by_the_transport_and_come_back_after_the_reconnect()
    {
        // Persistent sessions, so that the broker keeps what the hub left unacknowledged; like any MQTTnet server it
        // ignores the Receive Maximum the hub asks for.
        await using var broker = await Broker.StartPersistentAsync();
        await using var adapter = await AdapterClient.ConnectAsync(broker.Port);
        using var transport = new MqttNetWanTransport("127.0.0.1", broker.Port);
        var outbox = Outbox.Mount(new RamBlockStore(1024, 4, 1), 0, 4, 32);
        bool engineTakes = false;
        var taken = new List<int>();
        var link = new WanLink(transport, outbox, null!, new WanLinkOptions
        {
            HubEui = Eui,
            FirmwareVersion = "0.0.0",
            ReceiveMaximum = 4,
            InboxCapacity = 4,
            BackoffBaseMs = 10,
            BackoffMaxMs = 50,
        }, (frame, offset, count) =>
        {
            if (!engineTakes) return false;
            taken.Add(frame[offset]);
            return true;
        });
        link.Tick(DateTime.UtcNow);
        Assert.Equal(WanLinkState.Connected, link.State);

        // The engine holds commands back: the broker sends all 40 anyway, 36 more than the inbox holds.
        const int commands = 40;
        for (int i = 0; i < commands; i++) await adapter.PublishAsync(WanTopics.Down(Eui), [(byte)i]);
        var deadline = DateTime.UtcNow + AdapterClient.Wait;
        while (link.InboxCount + link.DownOverflows < commands && DateTime.UtcNow < deadline)
        {
            link.Tick(DateTime.UtcNow);
            await Task.Delay(20);
        }
        Assert.Equal(4, link.InboxCount);
        Assert.Equal(commands - 4, link.DownOverflows);
        // Only what the inbox holds is kept for a PUBACK; the rest was released without one.
        Assert.Equal(4, transport.Unacknowledged);

        // Never acknowledged, so once the engine has emptied the inbox the new session brings them again.
        engineTakes = true;
        while (taken.Distinct().Count() < commands && DateTime.UtcNow < deadline)
        {
            link.Tick(DateTime.UtcNow);
            await Task.Delay(20);
        }
        Assert.Equal(Enumerable.Range(0, commands), taken.Distinct().Order());
        Assert.True(link.Reconnects >= 1);
        Assert.True(link.Resyncs >= 1); // counted, so the host can log why the hub closed its connection
        Assert.Equal(0, link.AckTimeouts);
        link.Stop();
    }
}

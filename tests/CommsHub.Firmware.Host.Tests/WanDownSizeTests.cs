using System.Collections.Concurrent;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Firmware.Host.Wan;
using CommsHub.Protocol.Wan;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>What the hub's MQTT transport does with a down message larger than any command it can carry out.</summary>
public class WanDownSizeTests
{
    private const ulong Eui = 0x00DB1234567890B9;

    [Fact]
    public async Task An_oversized_down_message_is_acknowledged_and_dropped_not_held_for_the_engine()
    {
        // The link's inbox holds up to 1,024 commands while the engine cannot take them, each in an array of its own
        // size: without a bound on one message, that is up to 1,024 times the broker's largest packet per hub.
        await using var broker = await Broker.StartAsync();
        await using var adapter = await AdapterClient.ConnectAsync(broker.Port);
        using var transport = new MqttNetWanTransport("127.0.0.1", broker.Port);
        var received = new ConcurrentQueue<(int Length, int Delivery)>();
        transport.MessageReceived += (topic, payload, offset, count, delivery) => received.Enqueue((count, delivery));
        Assert.True(transport.Connect(new WanConnectOptions { ClientId = "hub-size-test", KeepAliveSeconds = 30, ReceiveMaximum = 16 }));
        Assert.True(transport.Subscribe(WanTopics.Down(Eui)));

        await adapter.PublishAsync(WanTopics.Down(Eui), new byte[MqttNetWanTransport.DefaultMaxDownMessageBytes + 1]);
        await adapter.PublishAsync(WanTopics.Down(Eui), new byte[MqttNetWanTransport.DefaultMaxDownMessageBytes]);
        var deadline = DateTime.UtcNow + AdapterClient.Wait;
        while (received.Count + transport.DownTooLarge < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        deadline = DateTime.UtcNow + AdapterClient.Wait;

        Assert.Equal([MqttNetWanTransport.DefaultMaxDownMessageBytes], received.Select(r => r.Length));
        Assert.Equal(1, transport.DownTooLarge);

        // The oversized one was acknowledged: the session the hub resumes does not deliver it again (nor the one the
        // hub acknowledged itself).
        Assert.True(received.TryPeek(out var taken));
        transport.Acknowledge(taken.Delivery);
        await Task.Delay(200);
        transport.Disconnect();
        Assert.True(transport.Connect(new WanConnectOptions { ClientId = "hub-size-test", KeepAliveSeconds = 30, ReceiveMaximum = 16 }));
        Assert.True(transport.Subscribe(WanTopics.Down(Eui)));
        await adapter.PublishAsync(WanTopics.Down(Eui), [0x42]);
        while (received.Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal([MqttNetWanTransport.DefaultMaxDownMessageBytes, 1], received.Select(r => r.Length));
        Assert.Equal(1, transport.DownTooLarge);
        transport.Disconnect();
    }
}

using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>
/// Plays the DCC adapter on the broker: subscribes to every hub's <c>up</c> and <c>status</c>, publishes to
/// <c>down</c>, and lets the test wait (bounded) for what arrives.
/// </summary>
public sealed class AdapterClient : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<(string Topic, byte[] Payload, bool Retained)> _received = Channel.CreateUnbounded<(string, byte[], bool)>();

    public List<(string Topic, byte[] Payload, bool Retained)> Seen { get; } = new();

    public static async Task<AdapterClient> ConnectAsync(int port)
    {
        var a = new AdapterClient();
        a._client.ApplicationMessageReceivedAsync += e =>
        {
            a._received.Writer.TryWrite((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        using var cts = new CancellationTokenSource(Wait);
        await a._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-adapter-" + Guid.NewGuid().ToString("N")[..8]).Build(), cts.Token);
        await a._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("chub/+/up", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("chub/+/status", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cts.Token);
        return a;
    }

    public async Task PublishAsync(string topic, byte[] payload)
    {
        using var cts = new CancellationTokenSource(Wait);
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cts.Token);
        Assert.True(result.IsSuccess);
    }

    /// <summary>The first message (already seen or arriving within <see cref="Wait"/>) that matches.</summary>
    public async Task<(string Topic, byte[] Payload, bool Retained)> WaitForAsync(Func<(string Topic, byte[] Payload, bool Retained), bool> match, string what)
    {
        foreach (var m in Seen)
            if (match(m)) return m;
        using var cts = new CancellationTokenSource(Wait);
        try
        {
            while (true)
            {
                var m = await _received.Reader.ReadAsync(cts.Token);
                Seen.Add(m);
                if (match(m)) return m;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {Wait.TotalSeconds} s; seen: " +
                string.Join(", ", Seen.Select(s => s.Topic + "(" + s.Payload.Length + ")")));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}

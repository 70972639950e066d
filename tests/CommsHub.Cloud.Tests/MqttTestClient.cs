using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CommsHub.Cloud.Tests;

/// <summary>The broker refused the CONNECT.</summary>
internal sealed class MqttRefusedException(MqttClientConnectResultCode code) : Exception($"CONNECT refused: {code}")
{
    public MqttClientConnectResultCode Code { get; } = code;
}

/// <summary>A real MQTTnet 5 client over loopback, with bounded timeouts and a queue of received messages.</summary>
internal sealed class MqttTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private MqttTestClient(IMqttClient client) => Client = client;

    public IMqttClient Client { get; }

    public BlockingCollection<(string Topic, byte[] Payload)> Received { get; } = new();

    /// <summary>The broker's CONNACK said it resumed a session it had kept for this client id.</summary>
    public bool SessionPresent { get; private set; }

    /// <summary>
    /// Connects with MQTT 5; <paramref name="username"/> null sends no credentials; <paramref name="tls"/> null connects in
    /// plain TCP; <paramref name="acknowledge"/> false never sends a PUBACK for what it receives (a client that crashes
    /// before it has processed a message); <paramref name="sessionExpirySeconds"/> above 0 asks for a persistent session
    /// (clean start false) that the broker keeps, with what it queues for it, while the client is away.
    /// </summary>
    public static async Task<MqttTestClient> ConnectAsync(int port, string? username, string? password, string? clientId = null,
        MqttClientTlsOptions? tls = null, bool acknowledge = true, uint sessionExpirySeconds = 0)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var wrapper = new MqttTestClient(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            e.AutoAcknowledge = acknowledge;
            wrapper.Received.Add((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId ?? username ?? throw new ArgumentException("a client id or a username is needed"))
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(Timeout);
        if (username is not null) builder.WithCredentials(username, password);
        if (tls is not null) builder.WithTlsOptions(tls);
        if (sessionExpirySeconds > 0) builder.WithCleanStart(false).WithSessionExpiryInterval(sessionExpirySeconds);
        var options = builder.Build();
        using var cts = new CancellationTokenSource(Timeout);
        var result = await client.ConnectAsync(options, cts.Token);
        if (result.ResultCode != MqttClientConnectResultCode.Success || !client.IsConnected)
        {
            client.Dispose();
            throw new MqttRefusedException(result.ResultCode);
        }
        wrapper.SessionPresent = result.IsSessionPresent;
        return wrapper;
    }

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var result = await Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build(), cts.Token);
        return result.Items.Single().ResultCode;
    }

    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, byte[] payload, bool dup = false)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        // DUP: what a client sets on a publish it sends again because its PUBACK never came.
        message.Dup = dup;
        var result = await Client.PublishAsync(message, cts.Token);
        return result.ReasonCode;
    }

    public Task<MqttClientPublishReasonCode> PublishAsync(string topic, string text) => PublishAsync(topic, Encoding.UTF8.GetBytes(text));

    /// <summary>The next message received, or null after <paramref name="wait"/>.</summary>
    public (string Topic, byte[] Payload)? Next(TimeSpan? wait = null) =>
        Received.TryTake(out var m, wait ?? Timeout) ? m : null;

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            using var cts = new CancellationTokenSource(Timeout);
            try { await Client.DisconnectAsync(new MqttClientDisconnectOptions(), cts.Token); } catch (OperationCanceledException) { }
        }
        Client.Dispose();
        Received.Dispose();
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>A command the dynamic security plugin refused (its error text, and which command).</summary>
public sealed class DynsecCommandException(string message) : InvalidOperationException(message);

/// <summary>
/// A connection to a running Mosquitto as <see cref="MosquittoDynsecAdmin"/>'s account: sends plugin commands to
/// <see cref="MosquittoDynsecAdmin.ControlTopic"/> and reads their answers on <see cref="MosquittoDynsecAdmin.ResponseTopic"/>,
/// one batch at a time (the plugin answers a message's commands in one message, in order).
/// </summary>
public sealed class MosquittoDynsecControl : IAsyncDisposable
{
    /// <summary>Commands per message: large enough for 19,000 accounts in a few hundred round trips, small enough for any broker's packet limit.</summary>
    public const int BatchSize = 200;

    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private readonly IMqttClient _client;
    private readonly Channel<byte[]> _answers = Channel.CreateUnbounded<byte[]>();

    private MosquittoDynsecControl(IMqttClient client) => _client = client;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> (TLS trusting <paramref name="caFile"/> when given) as the admin account.</summary>
    /// <exception cref="InvalidOperationException">the broker refused the account or the answers' subscription.</exception>
    public static async Task<MosquittoDynsecControl> ConnectAsync(string host, int port, string secret, string? caFile, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var control = new MosquittoDynsecControl(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == MosquittoDynsecAdmin.ResponseTopic) control._answers.Writer.TryWrite(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(MosquittoDynsecAdmin.Username).WithCredentials(MosquittoDynsecAdmin.Username, secret).WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(15));
        if (caFile is not null)
        {
            var anchors = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            anchors.ImportFromPemFile(caFile);
            options.WithTlsOptions(new MqttClientTlsOptionsBuilder().UseTls().WithTrustChain(anchors).Build());
        }
        try
        {
            var connected = await client.ConnectAsync(options.Build(), cancellationToken).ConfigureAwait(false);
            if (connected.ResultCode != MqttClientConnectResultCode.Success)
                throw new InvalidOperationException($"the broker {host}:{port} refused {MosquittoDynsecAdmin.Username}: {connected.ResultCode}");
            var granted = await client.SubscribeAsync(MosquittoDynsecAdmin.ResponseTopic, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
            if (granted.Items.Any(i => i.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1))
                throw new InvalidOperationException($"the broker {host}:{port} refused {MosquittoDynsecAdmin.Username} the subscription {MosquittoDynsecAdmin.ResponseTopic}");
            return control;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            await control.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the broker {host}:{port} refused {MosquittoDynsecAdmin.Username} ({ex.Message}): a broker configured "
                + "before the admin account existed needs `commshub broker mosquitto-config` again and one restart", ex);
        }
        catch
        {
            await control.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="commands"/> in batches; returns each one's answer, in order.</summary>
    /// <exception cref="DynsecCommandException">the plugin refused one (commands of earlier batches have been applied).</exception>
    public async Task<IReadOnlyList<JsonObject>> ExecuteAsync(IReadOnlyList<JsonObject> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var answers = new List<JsonObject>(commands.Count);
        foreach (var batch in commands.Chunk(BatchSize))
        {
            var message = new JsonObject { ["commands"] = new JsonArray([.. batch.Select(c => (JsonNode)c.DeepClone())]) };
            var published = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(MosquittoDynsecAdmin.ControlTopic)
                .WithPayload(Encoding.UTF8.GetBytes(message.ToJsonString())).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                cancellationToken).ConfigureAwait(false);
            if (published.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
                throw new InvalidOperationException($"the broker refused the command message: {published.ReasonCode}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AnswerTimeout);
            byte[] payload;
            try
            {
                payload = await _answers.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"no answer on {MosquittoDynsecAdmin.ResponseTopic} within {AnswerTimeout.TotalSeconds:0} s (is the dynamic security plugin loaded?)");
            }
            var responses = (JsonNode.Parse(payload)?["responses"] as JsonArray)
                ?? throw new InvalidOperationException($"the plugin's answer has no responses: {Encoding.UTF8.GetString(payload)}");
            if (responses.Count != batch.Length)
                throw new InvalidOperationException($"the plugin answered {responses.Count} of {batch.Length} commands");
            for (int i = 0; i < batch.Length; i++)
            {
                var response = responses[i] as JsonObject ?? throw new InvalidOperationException("the plugin's answer is not an object");
                var name = batch[i]["command"]!.GetValue<string>();
                if (response["command"]?.GetValue<string>() != name)
                    throw new InvalidOperationException($"the plugin answered {response["command"]} to {name}");
                if (response["error"] is { } error)
                    throw new DynsecCommandException($"the plugin refused {name} {Subject(batch[i])}: {error}");
                answers.Add(response);
            }
        }
        return answers;
    }

    /// <summary>The plugin's clients and roles now.</summary>
    public async Task<DynsecState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var answers = await ExecuteAsync(
        [
            new JsonObject { ["command"] = "listClients", ["verbose"] = true, ["count"] = -1 },
            new JsonObject { ["command"] = "listRoles", ["verbose"] = true, ["count"] = -1 },
        ], cancellationToken).ConfigureAwait(false);
        var clients = List(answers[0], "clients").Select(c => new DynsecClient(
            c["username"]!.GetValue<string>(),
            c["textname"]?.GetValue<string>(),
            c["clientid"]?.GetValue<string>(),
            [.. (c["roles"] as JsonArray ?? []).Select(r => r!["rolename"]!.GetValue<string>())])).ToList();
        var roles = List(answers[1], "roles").Select(r => new DynsecRole(
            r["rolename"]!.GetValue<string>(),
            [.. (r["acls"] as JsonArray ?? []).Select(a => new DynsecAcl(a!["acltype"]!.GetValue<string>(), a["topic"]!.GetValue<string>(),
                a["allow"]?.GetValue<bool>() ?? false))])).ToList();
        return new DynsecState(clients, roles);
    }

    // The listed objects, all of them (a partial list would make the sync delete or recreate what it did not see).
    private static IEnumerable<JsonObject> List(JsonObject answer, string name)
    {
        var data = answer["data"] ?? throw new InvalidOperationException($"the plugin's {name} list has no data");
        var items = data[name] as JsonArray ?? throw new InvalidOperationException($"the plugin's {name} list has no {name}");
        if (data["totalCount"] is { } total && total.GetValue<int>() != items.Count)
            throw new InvalidOperationException($"the plugin listed {items.Count} of {total} {name}");
        return items.Select(i => i as JsonObject ?? throw new InvalidOperationException($"the plugin listed {name} by name only (not verbose)"));
    }

    private static string Subject(JsonObject command) =>
        command["username"]?.GetValue<string>() ?? command["rolename"]?.GetValue<string>() ?? "";

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Gone already.
            }
        }
        _client.Dispose();
    }
}

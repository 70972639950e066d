using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using MQTTnet;
using MQTTnet.Protocol;

namespace CommsHub.Cli.Commands;

/// <summary>A signed DUIS document as received, with the fields a user looks at.</summary>
/// <param name="Document">The parsed document (signature verified when a DSP directory was given).</param>
/// <param name="Xml">The bytes as received.</param>
internal sealed record DuisAnswer(XmlDocument Document, byte[] Xml)
{
    /// <summary>The text of the first <c>sr:</c> element of that local name, or null.</summary>
    public string? Field(string localName) =>
        Document.GetElementsByTagName(localName, DuisNamespaces.ServiceUserGateway) is { Count: > 0 } list ? list[0]!.InnerText : null;
}

/// <summary>
/// A DCC User's side of the adapter: POSTs signed DUIS requests (DCC Boxed style) and listens on its MQTT responses topic
/// for the asynchronous answers, checking each against the DSP's XML-sign certificate. When the MQTT connection is lost
/// (the adapter, and with it the embedded broker, restarting) it connects again and subscribes again, retrying until
/// the broker is back or the client is disposed.
/// </summary>
internal sealed class DuisClient : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http;
    private readonly IMqttClient? _mqtt;
    private readonly IDuisSignerDirectory? _dsp;
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _closing = new();
    private MqttClientOptions? _options;
    private string? _topic;

    /// <summary>Raised each time the client is subscribed to its responses topic: after the first connect and after every reconnect.</summary>
    public event Action? Subscribed;

    private DuisClient(HttpClient http, IMqttClient? mqtt, IDuisSignerDirectory? dsp)
    {
        _http = http;
        _mqtt = mqtt;
        _dsp = dsp;
    }

    /// <summary>
    /// Connects: HTTP to <paramref name="url"/>, and when <paramref name="mqttPassword"/> is given MQTT as
    /// <paramref name="user"/>, subscribed to its responses topic before anything is sent (so no answer is missed).
    /// </summary>
    public static async Task<DuisClient> ConnectAsync(Uri url, ulong user, string mqttHost, int mqttPort, string? mqttPassword,
        IDuisSignerDirectory? dsp, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        if (mqttPassword is null) return new DuisClient(http, null, dsp);
        var mqtt = new MqttClientFactory().CreateMqttClient();
        var client = new DuisClient(http, mqtt, dsp);
        mqtt.ApplicationMessageReceivedAsync += e =>
        {
            client._received.Writer.TryWrite(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        var name = user.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
        MqttClientOptions Options(string clientId) => new MqttClientOptionsBuilder().WithTcpServer(mqttHost, mqttPort)
            .WithClientId(clientId).WithCredentials(name, mqttPassword).WithCleanStart().Build();
        client._options = Options($"{name}-cli-{Guid.NewGuid():N}"[..40]);
        client._topic = $"dcc/users/{name}/responses";
        try
        {
            await client.ConnectAndSubscribeAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or MQTTnet.Adapter.MqttConnectingFailedException && !mqtt.IsConnected && !ct.IsCancellationRequested)
        {
            // A broker that ties the account to its username as client id (the generated Mosquitto set-up) refuses the
            // suffixed id, which on the embedded broker lets this command run beside the user's own client: use the name.
            client._options = Options(name);
            await client.ConnectAndSubscribeAsync(ct).ConfigureAwait(false);
        }
        mqtt.DisconnectedAsync += client.OnDisconnectedAsync;
        return client;
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken ct)
    {
        var connected = await _mqtt!.ConnectAsync(_options!, ct).ConfigureAwait(false);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"MQTT connect as {_options!.Credentials?.GetUserName(_options)} refused: {connected.ResultCode}");
        var sub = await _mqtt.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);
        if (sub.Items.Any(i => i.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1))
            throw new InvalidOperationException($"MQTT subscription to {_topic} refused");
        Subscribed?.Invoke();
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        // Only a connection that was up starts the loop: the loop's own failed attempts report disconnects too.
        if (e.ClientWasConnected && !_closing.IsCancellationRequested) _ = Task.Run(() => ReconnectAsync(_closing.Token));
        return Task.CompletedTask;
    }

    private async Task ReconnectAsync(CancellationToken ct)
    {
        var delay = FirstRetry;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
                await ConnectAndSubscribeAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
            {
                // The broker is not back yet (refused socket, timeout, or a CONNECT it cannot take yet): try again later.
                if (_mqtt!.IsConnected)
                {
                    try { await _mqtt.DisconnectAsync(cancellationToken: ct).ConfigureAwait(false); } catch (Exception) when (!ct.IsCancellationRequested) { }
                }
                delay = delay * 2 > LongestRetry ? LongestRetry : delay * 2;
            }
        }
    }

    /// <summary>The broker password of <paramref name="user"/> from the adapter's <c>mqtt/credentials.json</c>, or null.</summary>
    public static string? PasswordFrom(string credentialsFile, ulong user)
    {
        if (!File.Exists(credentialsFile)) return null;
        using var json = JsonDocument.Parse(File.ReadAllBytes(credentialsFile));
        var name = user.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var e in json.RootElement.EnumerateArray())
            if (e.GetProperty("username").GetString() == name) return e.GetProperty("secret").GetString();
        return null;
    }

    /// <summary>POSTs a signed request to <c>/api/v1/serviceS</c> and returns the synchronous answer.</summary>
    /// <exception cref="InvalidOperationException">The adapter answered with an HTTP error (its text is the message).</exception>
    public async Task<DuisAnswer> PostAsync(byte[] request, string path, CancellationToken ct)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await _http.PostAsync(path, content, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body).Trim()}");
        return Load(body);
    }

    /// <summary>Waits for the asynchronous answer to <paramref name="requestId"/> (I0, or E20/E21) on the responses topic.</summary>
    public async Task<DuisAnswer?> WaitForResponseAsync(string requestId, TimeSpan timeout, CancellationToken ct)
    {
        if (_mqtt is null) throw new InvalidOperationException("waiting needs the MQTT responses topic (no broker password)");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var xml = await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
                var answer = Load(xml);
                // Alerts and answers to other requests share the topic; only ours counts.
                if (answer.Field("RequestID") == requestId) return answer;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Signs <paramref name="document"/> (any existing ds:Signature removed first) and serialises it as sent.</summary>
    public static byte[] Sign(XmlDocument document, DuisSigner signer)
    {
        foreach (var sig in document.GetElementsByTagName("Signature", DuisNamespaces.XmlDsig).OfType<XmlNode>().ToList())
            sig.ParentNode!.RemoveChild(sig);
        DuisSignature.Sign(document, signer);
        return DuisResponseWriter.Serialize(document);
    }

    private DuisAnswer Load(byte[] xml)
    {
        var doc = SecureXml.Load(xml, SecureXmlOptions.Duis);
        if (_dsp is not null) DuisSignature.Verify(doc, _dsp);
        return new DuisAnswer(doc, xml);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        _http.Dispose();
        if (_mqtt is null)
        {
            _closing.Dispose();
            return;
        }
        if (_mqtt.IsConnected)
        {
            try { await _mqtt.DisconnectAsync().ConfigureAwait(false); } catch (MQTTnet.Exceptions.MqttCommunicationException) { }
        }
        _mqtt.Dispose();
        _closing.Dispose();
    }
}

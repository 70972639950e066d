using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using CommsHub.Cli.Commands;
using CommsHub.Cloud.Demo;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Protocol.Encoding;
using MQTTnet;
using MQTTnet.Protocol;

namespace CommsHub.Cli.Faults;

/// <summary>
/// A DCC User of the run: signs 4.1.1 reads with its XML-sign key and sends them over HTTP (<c>/api/v1/serviceS</c>)
/// or MQTT (<c>dcc/users/{EUI}/requests</c>), and stays subscribed to <c>dcc/users/{EUI}/responses</c>, reconnecting
/// whenever the broker goes away (the adapter is killed), as a real user's client would. Every DUIS answer is checked
/// against the DSP's signature and written to the <see cref="RequestLedger"/>: an answer whose header carries a
/// ResponseID is an asynchronous outcome, one without is a synchronous answer (I99 or a refusal). The PUBACK of an
/// answer goes back only after it is in the ledger, so a user never acknowledges an answer it did not count.
/// </summary>
internal sealed class SimulatedUser : IAsyncDisposable
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(15);
    private readonly DuisSigner _signer;
    private readonly HttpClient _http;
    private readonly IMqttClient _mqtt;
    private readonly MqttClientOptions _mqttOptions;
    private readonly IDuisSignerDirectory _dsp;
    private readonly RequestLedger _ledger;
    private readonly Action<string> _progress;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _probes = new();
    private readonly CancellationTokenSource _closing = new();
    private int _reconnecting;
    private int _unverifiable;

    private SimulatedUser(ulong eui, bool overMqtt, DuisSigner signer, Uri http, string mqttHost, int mqttPort, string password,
        IDuisSignerDirectory dsp, RequestLedger ledger, Action<string> progress)
    {
        Eui = eui;
        OverMqtt = overMqtt;
        _signer = signer;
        _dsp = dsp;
        _ledger = ledger;
        _progress = progress;
        _http = new HttpClient { BaseAddress = http, Timeout = SendTimeout };
        _mqtt = new MqttClientFactory().CreateMqttClient();
        // A fixed client id and a session the broker keeps for a while: across a short disconnect (not a broker restart,
        // which loses every session) the broker holds the answers published meanwhile.
        _mqttOptions = new MqttClientOptionsBuilder().WithTcpServer(mqttHost, mqttPort)
            .WithClientId(Name).WithCredentials(Name, password)
            .WithCleanStart(false).WithSessionExpiryInterval(600).WithTimeout(TimeSpan.FromSeconds(5)).Build();
        _mqtt.ApplicationMessageReceivedAsync += e =>
        {
            OnAnswer(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        _mqtt.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_closing.IsCancellationRequested) _ = ReconnectAsync();
            return Task.CompletedTask;
        };
    }

    /// <summary>The user's EUI.</summary>
    public ulong Eui { get; }

    /// <summary>The user's EUI as 16 hex digits (its broker user name).</summary>
    public string Name => Eui64.ToText(Eui);

    /// <summary>True when it sends over MQTT, false over HTTP.</summary>
    public bool OverMqtt { get; }

    /// <summary>Answers dropped because their DSP signature did not verify.</summary>
    public int Unverifiable => Volatile.Read(ref _unverifiable);

    /// <summary>Connects and subscribes to the user's responses topic (retrying for up to <paramref name="timeout"/>).</summary>
    /// <exception cref="InvalidOperationException">the broker refused the user, or did not answer in time.</exception>
    public static async Task<SimulatedUser> ConnectAsync(ulong eui, bool overMqtt, DuisSigner signer, Uri http, string mqttHost, int mqttPort,
        string password, IDuisSignerDirectory dsp, RequestLedger ledger, Action<string> progress, TimeSpan timeout, CancellationToken ct)
    {
        var user = new SimulatedUser(eui, overMqtt, signer, http, mqttHost, mqttPort, password, dsp, ledger, progress);
        var deadline = DateTime.UtcNow + timeout;
        string why = "no attempt";
        while (DateTime.UtcNow < deadline)
        {
            why = await user.TryConnectAsync(ct).ConfigureAwait(false) ?? "";
            if (why.Length == 0) return user;
            await Task.Delay(250, ct).ConfigureAwait(false);
        }
        await user.DisposeAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"user {Eui64.ToText(eui)} could not subscribe to its responses topic: {why}");
    }

    /// <summary>A new 4.1.1 read of <paramref name="meter"/> (its RequestID counter rises across the process).</summary>
    public RequestRecord NewRead(ulong meter)
    {
        var counter = DemoRequests.NextCounter();
        return new RequestRecord(new RequestId(Eui, meter, counter).ToString(), Eui, meter, counter, OverMqtt ? "mqtt" : "http");
    }

    /// <summary>
    /// Signs and sends <paramref name="record"/>'s read, which must already be in the ledger; the synchronous answer
    /// (HTTP) or the send failure goes to the ledger. Over MQTT the synchronous answer arrives later on the responses topic.
    /// </summary>
    public async Task SendAsync(RequestRecord record, CancellationToken ct)
    {
        var id = RequestId.Parse(record.Id);
        var xml = ReadMeterCommand.Request(_signer, id);
        record.SentAt = DateTime.UtcNow;
        try
        {
            if (OverMqtt)
            {
                var failure = await PublishAsync(xml, ct).ConfigureAwait(false);
                if (failure is not null) _ledger.SendFailed(record.Id, failure);
            }
            else
            {
                var (code, failure) = await PostAsync(xml, ct).ConfigureAwait(false);
                if (code is not null) _ledger.Synchronous(record.Id, code);
                else _ledger.SendFailed(record.Id, failure!);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _ledger.SendFailed(record.Id, "timed out");
        }
    }

    /// <summary>
    /// A read outside the run's count (to learn whether the meter answers): the outcome's code, the synchronous refusal's,
    /// or null when nothing came within <paramref name="timeout"/>.
    /// </summary>
    public async Task<string?> ProbeAsync(ulong meter, TimeSpan timeout, CancellationToken ct)
    {
        var id = new RequestId(Eui, meter, DemoRequests.NextCounter());
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[id.ToString()] = answer;
        try
        {
            var xml = ReadMeterCommand.Request(_signer, id);
            if (OverMqtt)
            {
                if (await PublishAsync(xml, ct).ConfigureAwait(false) is { } failure) return failure;
            }
            else
            {
                var (code, failure) = await PostAsync(xml, ct).ConfigureAwait(false);
                if (code != "I99") return code ?? failure;
            }
            var done = await Task.WhenAny(answer.Task, Task.Delay(timeout, ct)).ConfigureAwait(false);
            return done == answer.Task ? answer.Task.Result : null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "timed out";
        }
        finally
        {
            _probes.TryRemove(id.ToString(), out _);
        }
    }

    /// <summary>POSTs a signed request to <c>/api/v1/serviceS</c>: the synchronous code, or null and why not.</summary>
    public async Task<(string? Code, string? Failure)> PostAsync(byte[] xml, CancellationToken ct)
    {
        try
        {
            using var content = new ByteArrayContent(xml);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            using var response = await _http.PostAsync("/api/v1/serviceS", content, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return (null, $"HTTP {(int)response.StatusCode}");
            return Verified(body) is { } answer ? (answer.Field("ResponseCode"), null) : (null, "unverifiable answer");
        }
        catch (HttpRequestException e)
        {
            // Refused: nothing reached the adapter. Anything else (a connection cut mid-request) may have been accepted.
            return (null, e.HttpRequestError == HttpRequestError.ConnectionError ? "connection refused" : $"HTTP request cut off ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, "HTTP timed out");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        if (_mqtt.IsConnected)
        {
            try { await _mqtt.DisconnectAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException) { }
        }
        _mqtt.Dispose();
        _http.Dispose();
        _closing.Dispose();
    }

    private async Task<string?> PublishAsync(byte[] xml, CancellationToken ct)
    {
        if (!_mqtt.IsConnected) return "MQTT not connected";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        try
        {
            var result = await _mqtt.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"dcc/users/{Name}/requests")
                .WithPayload(xml).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token).ConfigureAwait(false);
            return result.IsSuccess ? null : $"MQTT PUBACK {result.ReasonCode}";
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            return "MQTT connection lost";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "MQTT PUBACK timed out";
        }
    }

    // One attempt: null when connected and subscribed, else why not.
    private async Task<string?> TryConnectAsync(CancellationToken ct)
    {
        try
        {
            var connected = await _mqtt.ConnectAsync(_mqttOptions, ct).ConfigureAwait(false);
            if (connected.ResultCode != MqttClientConnectResultCode.Success) return $"CONNACK {connected.ResultCode}";
            var sub = await _mqtt.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter($"dcc/users/{Name}/responses", MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);
            return sub.Items.All(i => i.ResultCode == MqttClientSubscribeResultCode.GrantedQoS1) ? null : "subscription refused";
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            if (ct.IsCancellationRequested) throw;
            return e.Message;
        }
    }

    private async Task ReconnectAsync()
    {
        if (Interlocked.Exchange(ref _reconnecting, 1) == 1) return;
        var since = DateTime.UtcNow;
        _progress($"user {Name}: MQTT connection lost, reconnecting");
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                if (!_mqtt.IsConnected && await TryConnectAsync(_closing.Token).ConfigureAwait(false) is null)
                {
                    _progress($"user {Name}: MQTT reconnected and resubscribed after {(DateTime.UtcNow - since).TotalSeconds:F1} s");
                    return;
                }
                await Task.Delay(250, _closing.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
        }
    }

    private void OnAnswer(byte[] xml)
    {
        if (Verified(xml) is not { } answer) return;
        if (answer.Field("RequestID") is not { } id) return; // a DeviceAlertMessage: nothing was requested
        var code = answer.Field("ResponseCode") ?? "?";
        bool outcome = answer.Field("ResponseID") is not null;
        if (_probes.TryGetValue(id, out var probe))
        {
            if (outcome || code != "I99") probe.TrySetResult(code);
            return;
        }
        if (outcome) _ledger.Outcome(id, code, answer.Field("GBCSPayload") ?? "");
        else _ledger.Synchronous(id, code);
    }

    private DuisAnswer? Verified(byte[] xml)
    {
        try
        {
            var doc = SecureXml.Load(xml, SecureXmlOptions.Duis);
            DuisSignature.Verify(doc, _dsp);
            return new DuisAnswer(doc, xml);
        }
        catch (Exception e) when (e is System.Xml.XmlException or DuisRejectedException or System.Security.Cryptography.CryptographicException)
        {
            Interlocked.Increment(ref _unverifiable);
            _progress($"user {Name}: an answer failed its DSP signature check or did not parse ({e.Message}): {Encoding.UTF8.GetString(xml.AsSpan(0, Math.Min(xml.Length, 120)))}");
            return null;
        }
    }
}

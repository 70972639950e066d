using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using CommsHub.Cli.Commands;
using CommsHub.Cloud.Demo;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Firmware.Host.Wan;
using CommsHub.Protocol.Encoding;
using MQTTnet;
using MQTTnet.Protocol;

namespace CommsHub.Cli.Bench;

/// <summary>
/// A DCC User of the bench: one MQTT client, logged in as the user, that publishes signed DUIS requests to
/// <c>dcc/users/{EUI}/requests</c> one after another (its RequestID counters rise in the order they go out, as the
/// adapter's replay check requires) and takes every answer from <c>dcc/users/{EUI}/responses</c>, checking the DSP's
/// signature before it counts it.
/// </summary>
internal sealed class BenchUser : IAsyncDisposable
{
    private readonly DuisSigner _signer;
    private readonly SignedReadTemplate _reads;
    private readonly AnswerCheck _answers;
    private readonly IMqttClient _mqtt;
    private readonly ConcurrentDictionary<string, BenchRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BenchRequest> _warmUp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _ignored = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _outstanding;
    // Requests sent and not yet answered at all, when the broker's PUBACK does not mean the adapter has taken them.
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _unanswered = new(StringComparer.Ordinal);
    private readonly bool _waitForAnswer;
    private readonly string _requestsTopic;
    private long _counter;
    // Taking a counter and handing the request over, one at a time (see SendInOrderAsync).
    private readonly SemaphoreSlim _inOrder = new(1, 1);
    private int _inFlight;
    private int _peakInFlight;
    private int _unverifiable;
    private int _unknown;

    internal BenchUser(ulong eui, DuisSigner signer, IDuisSignerDirectory dsp, int maxOutstanding, bool waitForAnswer)
    {
        Eui = eui;
        _requestsTopic = $"dcc/users/{Eui64.ToText(eui)}/requests";
        _waitForAnswer = waitForAnswer;
        _signer = signer;
        // Checked against the DOM path once here; each read is then signed without building a document.
        var own = new DuisSignerDirectory();
        own.Add(signer.Certificate);
        _reads = SignedReadTemplate.Create(signer, new RequestId(eui, eui, 1), own);
        _answers = new AnswerCheck(dsp);
        _outstanding = new SemaphoreSlim(maxOutstanding, maxOutstanding);
        _mqtt = new MqttClientFactory().CreateMqttClient(BufferedMqttClientAdapterFactory.Instance);
        _mqtt.ApplicationMessageReceivedAsync += e =>
        {
            // Checked in MQTTnet's buffer (the handler is synchronous): no copy of the ~2 KB answer, twice per request.
            var payload = e.ApplicationMessage.Payload;
            if (payload.IsSingleSegment) OnAnswer(payload.FirstSpan);
            else OnAnswer(payload.ToArray());
            return Task.CompletedTask;
        };
    }

    /// <summary>The user's EUI.</summary>
    public ulong Eui { get; }

    /// <summary>The user's EUI as 16 hex digits (its broker user name).</summary>
    public string Name => Eui64.ToText(Eui);

    /// <summary>Meters this user is registered for (it reads them in turn).</summary>
    public List<ulong> Meters { get; } = [];

    /// <summary>Every request the user sent in the measured run.</summary>
    public ICollection<BenchRequest> Requests => _requests.Values;

    /// <summary>Answers dropped because their DSP signature did not verify (or they did not parse).</summary>
    public int Unverifiable => Volatile.Read(ref _unverifiable);

    /// <summary>The most closed-loop requests this user had without an outcome at once (at most its window).</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    /// <summary>Verified answers to a RequestID this user never sent in the run.</summary>
    public int Unknown => Volatile.Read(ref _unknown);

    /// <summary>
    /// Connects, subscribes to the user's responses topic. With <paramref name="waitForAnswer"/> (an external broker, whose
    /// PUBACK says only that the broker has the request) each request waits for its first answer from the adapter, as the
    /// embedded broker's PUBACK-after-commit makes it wait (see <see cref="SendReadAsync"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">the broker refused the user.</exception>
    public static async Task<BenchUser> ConnectAsync(ulong eui, DuisSigner signer, IDuisSignerDirectory dsp, string host, int port, string password,
        int maxOutstanding, bool waitForAnswer, CancellationToken ct)
    {
        var user = new BenchUser(eui, signer, dsp, maxOutstanding, waitForAnswer);
        var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(user.Name)
            .WithCredentials(user.Name, password).WithCleanStart(true).WithTimeout(TimeSpan.FromSeconds(10)).Build();
        var connected = await user._mqtt.ConnectAsync(options, ct).ConfigureAwait(false);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"user {user.Name}: CONNACK {connected.ResultCode}");
        var sub = await user._mqtt.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"dcc/users/{user.Name}/responses", MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);
        if (sub.Items.Any(i => i.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1))
            throw new InvalidOperationException($"user {user.Name}: subscription to its responses refused");
        return user;
    }

    /// <summary>Answers to <paramref name="requestId"/> (a request sent outside the run, e.g. the provisioning's 8.11) are not counted.</summary>
    public void Ignore(string requestId) => _ignored[requestId] = true;

    /// <summary>A counter above every earlier one of this user (and of earlier runs: milliseconds x 1000 at the least).</summary>
    public ulong NextCounter()
    {
        var floor = (long)DemoRequests.NextCounter();
        long seen, next;
        do
        {
            seen = Interlocked.Read(ref _counter);
            next = Math.Max(seen + 1, floor);
        }
        while (Interlocked.CompareExchange(ref _counter, next, seen) != seen);
        return (ulong)next;
    }

    /// <summary>
    /// Signs and publishes a 4.1.1 read of <paramref name="meter"/> due at <paramref name="due"/>, and waits for the
    /// adapter's PUBACK (so the next request's counter reaches it after this one's). With a bound on outstanding
    /// requests (the closed loop of <c>--rate max</c>) it first waits for room. A request not <paramref name="measured"/>
    /// (the warm-up) is answered and checked the same way but not reported.
    /// <para>
    /// On an external broker the PUBACK comes from the broker at once, so a closed-loop user would fill its whole window
    /// and latency would be the window over the throughput (677 ms at p50 with 64 per user). There the closed loop also
    /// waits for the request's first answer (the I99, or a refusal), which the adapter publishes when it has committed
    /// the request: the same point the embedded broker's PUBACK marks. After <see cref="AnswerWait"/> it goes on anyway.
    /// </para>
    /// </summary>
    public async Task<BenchRequest> SendReadAsync(ulong meter, long due, bool bounded, bool measured, CancellationToken ct)
    {
        if (bounded) await _outstanding.WaitAsync(ct).ConfigureAwait(false);
        var request = new BenchRequest(new RequestId(Eui, meter, NextCounter()).ToString(), "4.1.1", meter, due);
        if (bounded) TakeSlot(request);
        var xml = _reads.Request(request.Id);
        request.RequestBytes = xml.Length;
        (measured ? _requests : _warmUp)[request.Id] = request;
        var answered = bounded && _waitForAnswer ? _unanswered[request.Id] = new TaskCompletionSource() : null;
        request.SendError = await PublishAsync(xml, ct).ConfigureAwait(false);
        if (request.SendError is null)
        {
            request.Acknowledged = Stopwatch.GetTimestamp();
            if (answered is not null)
            {
                try
                {
                    await answered.Task.WaitAsync(AnswerWait, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // No answer yet: the next request goes anyway; this one counts as unanswered if none ever comes.
                }
            }
        }
        else ReleaseSlot(request);
        if (answered is not null) _unanswered.TryRemove(request.Id, out _);
        return request;
    }

    /// <summary>How long a closed-loop request on an external broker waits for its first answer before the next goes.</summary>
    public static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="send"/> with this user's next counter, one at a time. The adapter refuses a counter lower than
    /// one it has accepted (E1), so requests sent from many tasks at once (provisioning hundreds of hubs, or probing them)
    /// must each take its counter and be handed over (the PUBACK, or the HTTP answer) before the next takes its own.
    /// </summary>
    private async Task<T> SendInOrderAsync<T>(Func<ulong, Task<T>> send, CancellationToken ct)
    {
        await _inOrder.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await send(NextCounter()).ConfigureAwait(false);
        }
        finally
        {
            _inOrder.Release();
        }
    }

    /// <summary>A read outside the measured run: the first outcome code (or refusal), or null when none came in time.</summary>
    public Task<string?> ProbeAsync(ulong meter, TimeSpan timeout, CancellationToken ct) =>
        ExpectOutcomeAsync(counter => new RequestId(Eui, meter, counter),
            id => PublishAsync(ReadMeterCommand.Request(_signer, id), ct), timeout, ct);

    /// <summary>
    /// The first outcome code of a request this user sends another way (e.g. the provisioning's 8.11 over HTTP):
    /// <paramref name="send"/> hands over the request with the id made from the counter given, and returns null when it
    /// was accepted, else why not (which is returned). Null when no outcome came within <paramref name="timeout"/>. The
    /// answer is awaited before the request is sent: it may come before the send returns.
    /// </summary>
    public async Task<string?> ExpectOutcomeAsync(Func<ulong, RequestId> idOf, Func<RequestId, Task<string?>> send, TimeSpan timeout,
        CancellationToken ct)
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? key = null;
        try
        {
            var refused = await SendInOrderAsync(counter =>
            {
                var id = idOf(counter);
                key = id.ToString();
                _waiters[key] = answer;
                return send(id);
            }, ct).ConfigureAwait(false);
            if (refused is not null) return refused;
            var done = await Task.WhenAny(answer.Task, Task.Delay(timeout, ct)).ConfigureAwait(false);
            return done == answer.Task ? answer.Task.Result : null;
        }
        finally
        {
            if (key is not null) _waiters.TryRemove(key, out _);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_mqtt.IsConnected)
        {
            try { await _mqtt.DisconnectAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException) { }
        }
        _mqtt.Dispose();
        _outstanding.Dispose();
        _inOrder.Dispose();
        _answers.Dispose();
    }

    private async Task<string?> PublishAsync(byte[] xml, CancellationToken ct)
    {
        if (!_mqtt.IsConnected) return "MQTT not connected";
        try
        {
            var message = new MqttApplicationMessage
            {
                Topic = _requestsTopic,
                Payload = new ReadOnlySequence<byte>(xml),
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            };
            var result = await _mqtt.PublishAsync(message, ct).ConfigureAwait(false);
            return result.IsSuccess ? null : $"PUBACK {result.ReasonCode}";
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException e)
        {
            return "MQTT: " + e.Message;
        }
    }

    /// <summary>Answers checked through a learned template rather than a DOM (see <see cref="AnswerCheck"/>).</summary>
    public long TemplatedAnswers => _answers.Templated;

    /// <summary>Answers checked, through a template or a DOM, verified or not.</summary>
    public long CheckedAnswers => _answers.Checked;

    /// <summary>Takes one answer from the user's responses topic: counted only if its DSP signature verifies.</summary>
    internal void OnAnswer(ReadOnlySpan<byte> xml)
    {
        long now = Stopwatch.GetTimestamp();
        if (_answers.Verified(xml) is not { } answer)
        {
            Interlocked.Increment(ref _unverifiable);
            return;
        }
        if (answer.RequestId is not { } id) return; // an alert: nothing was requested
        var code = answer.ResponseCode ?? "?";
        bool outcome = answer.ResponseId is not null;
        if (_waiters.TryGetValue(id, out var waiter))
        {
            if (outcome || code != "I99") waiter.TrySetResult(code);
            return;
        }
        if (_unanswered.TryRemove(id, out var first)) first.TrySetResult();
        if (!_requests.TryGetValue(id, out var request) && !_warmUp.TryGetValue(id, out request))
        {
            if (_ignored.ContainsKey(id)) return;
            Interlocked.Increment(ref _unknown);
            return;
        }
        if (outcome)
        {
            lock (request.ResponseIds) request.ResponseIds.Add(answer.ResponseId!);
            if (Interlocked.Increment(ref request.Outcomes) == 1)
            {
                request.OutcomeCode = code;
                request.ResponseBytes = xml.Length;
                request.Answered = now;
                ReleaseSlot(request);
            }
        }
        else if (Interlocked.Increment(ref request.SyncAnswers) == 1)
        {
            request.SyncCode = code;
            // A refusal is the request's only answer: it ends it.
            if (code != "I99")
            {
                request.Answered = now;
                ReleaseSlot(request);
            }
        }
    }

    private void TakeSlot(BenchRequest request)
    {
        request.HoldsSlot = 1;
        int now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, now, peak) != peak) { }
    }

    // Only a request that took a slot gives one back: an open-loop request releasing the semaphore (made with its count at
    // the maximum) threw SemaphoreFullException inside MQTTnet's receive handler on every outcome.
    private void ReleaseSlot(BenchRequest request)
    {
        if (Interlocked.Exchange(ref request.HoldsSlot, 0) == 0) return;
        Interlocked.Decrement(ref _inFlight);
        _outstanding.Release();
    }
}

using System.Collections.Concurrent;

namespace CommsHub.Cli.Faults;

/// <summary>One outcome a user received for a request: the asynchronous DUIS response's code and content.</summary>
/// <param name="Code">I0 or an E-code.</param>
/// <param name="Content">What identifies the answer beyond its code: the GBCS payload (base64), empty when none.</param>
/// <param name="At">When it arrived.</param>
internal sealed record ReceivedOutcome(string Code, string Content, DateTime At);

/// <summary>What one request of the run went through, as its user saw it.</summary>
internal sealed class RequestRecord(string id, ulong user, ulong meter, ulong counter, string transport)
{
    /// <summary>The DUIS RequestID.</summary>
    public string Id { get; } = id;

    /// <summary>The user (originator).</summary>
    public ulong User { get; } = user;

    /// <summary>The meter read.</summary>
    public ulong Meter { get; } = meter;

    /// <summary>The RequestID counter.</summary>
    public ulong Counter { get; } = counter;

    /// <summary>"http" or "mqtt".</summary>
    public string Transport { get; } = transport;

    /// <summary>When it was sent.</summary>
    public DateTime SentAt { get; set; }

    /// <summary>The synchronous answer's code (I99 = accepted), or null when none came.</summary>
    public string? SyncCode { get; set; }

    /// <summary>Why sending failed (HTTP status, connection refused, MQTT not connected), or null.</summary>
    public string? SendError { get; set; }

    /// <summary>Every asynchronous outcome received, in order, repeats included.</summary>
    public List<ReceivedOutcome> Outcomes { get; } = [];

    /// <summary>True when the adapter accepted it (synchronous I99).</summary>
    public bool Acknowledged => SyncCode == "I99";
}

/// <summary>
/// Every request of a run and what came back for it, by RequestID; thread-safe (the senders and the users' MQTT
/// clients write to it concurrently).
/// </summary>
internal sealed class RequestLedger
{
    private readonly ConcurrentDictionary<string, RequestRecord> _records = new();

    /// <summary>The requests, in no particular order.</summary>
    public IEnumerable<RequestRecord> Records => _records.Values;

    /// <summary>Adds a request before it is sent (its answers may overtake the send's return).</summary>
    public void Add(RequestRecord record) => _records[record.Id] = record;

    /// <summary>Notes the synchronous answer; false when the request is not one of the run's.</summary>
    public bool Synchronous(string id, string code)
    {
        if (!_records.TryGetValue(id, out var r)) return false;
        lock (r) r.SyncCode ??= code;
        return true;
    }

    /// <summary>Notes that sending failed.</summary>
    public void SendFailed(string id, string reason)
    {
        if (!_records.TryGetValue(id, out var r)) return;
        lock (r) r.SendError ??= reason;
    }

    /// <summary>Notes an asynchronous outcome; false when the request is not one of the run's.</summary>
    public bool Outcome(string id, string code, string content)
    {
        if (!_records.TryGetValue(id, out var r)) return false;
        lock (r) r.Outcomes.Add(new ReceivedOutcome(code, content, DateTime.UtcNow));
        return true;
    }

    /// <summary>Counts so far: sent, acknowledged, answered (at least one outcome), not accepted (failed or refused).</summary>
    public (int Sent, int Acknowledged, int Answered, int NotAccepted) Counts()
    {
        int sent = 0, acknowledged = 0, answered = 0, notAccepted = 0;
        foreach (var r in _records.Values)
            lock (r)
            {
                if (r.SentAt == default) continue;
                sent++;
                if (r.Acknowledged) acknowledged++;
                else if (r.SendError is not null || r.SyncCode is not null) notAccepted++;
                if (r.Outcomes.Count > 0) answered++;
            }
        return (sent, acknowledged, answered, notAccepted);
    }

    /// <summary>
    /// How long after sending a request without any answer yet is waited for: an MQTT read's synchronous answer arrives
    /// on the responses topic after its PUBACK, and one PUBACKed just before the adapter was killed never gets one.
    /// </summary>
    public static readonly TimeSpan SynchronousAnswerGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests whose end the run must still wait for: acknowledged ones without an outcome, and sent ones with no answer
    /// at all and no send failure yet (up to <see cref="SynchronousAnswerGrace"/> after sending), which may yet be
    /// acknowledged.
    /// </summary>
    public int Waiting()
    {
        var now = DateTime.UtcNow;
        int waiting = 0;
        foreach (var r in _records.Values)
            lock (r)
            {
                if (r.Acknowledged && r.Outcomes.Count == 0) waiting++;
                else if (r.SentAt != default && r.SyncCode is null && r.SendError is null && r.Outcomes.Count == 0
                    && now - r.SentAt < SynchronousAnswerGrace) waiting++;
            }
        return waiting;
    }
}

namespace CommsHub.Cli.Bench;

/// <summary>
/// One request of the run, as its user saw it. Times are <see cref="System.Diagnostics.Stopwatch"/> ticks of the bench
/// process. Latency runs from when the request was due (the open-loop schedule), not from when it went out, so a user
/// that falls behind shows it as latency rather than hiding it.
/// </summary>
internal sealed class BenchRequest(string id, string requestClass, ulong meter, long due)
{
    /// <summary>The RequestID.</summary>
    public string Id { get; } = id;

    /// <summary>The request class, e.g. "4.1.1".</summary>
    public string Class { get; } = requestClass;

    /// <summary>The meter read.</summary>
    public ulong Meter { get; } = meter;

    /// <summary>When it was due.</summary>
    public long Due { get; } = due;

    /// <summary>
    /// 1 while the request holds one of its user's closed-loop slots (<c>--window</c>); the first outcome or refusal
    /// (or a failed send) gives it back, once. An open-loop request never holds one.
    /// </summary>
    public int HoldsSlot;

    /// <summary>Size of the signed request, bytes.</summary>
    public int RequestBytes { get; set; }

    /// <summary>When the adapter's PUBACK came (0: not yet, or refused).</summary>
    public long Acknowledged { get; set; }

    /// <summary>Why the publish failed, or null.</summary>
    public string? SendError { get; set; }

    /// <summary>Synchronous answers (I99 or a refusal) received with a verified signature.</summary>
    public int SyncAnswers;

    /// <summary>The first synchronous code.</summary>
    public string? SyncCode { get; set; }

    /// <summary>Asynchronous outcome copies (a ResponseID) received with a verified signature, repeats included.</summary>
    public int Outcomes;

    /// <summary>
    /// Distinct outcomes: a copy whose ResponseID was seen before is the adapter's outbox sending the same answer again
    /// (at least once, until the user's PUBACK is recorded), not a second answer.
    /// </summary>
    public HashSet<string> ResponseIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The first outcome's code.</summary>
    public string? OutcomeCode { get; set; }

    /// <summary>When the first outcome arrived (0: none).</summary>
    public long Answered { get; set; }

    /// <summary>Size of the first outcome, bytes.</summary>
    public int ResponseBytes { get; set; }
}

namespace CommsHub.Dcc.Dispatch;

/// <summary>How the <see cref="UserOutbox"/> re-sends and how long it keeps what nobody collects.</summary>
public sealed class UserOutboxOptions
{
    /// <summary>
    /// How long after an attempt the user's side did not confirm (no 2xx, no PUBACK) the message is sent again (default
    /// 10 s); each further attempt waits twice as long, up to <see cref="MaxRetry"/>. Also the lease of a claim: a claimer
    /// that dies mid-delivery leaves the message due again after this long.
    /// </summary>
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts (default 5 minutes).</summary>
    public TimeSpan MaxRetry { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a message the user never collects is kept, from when it was stored (default 7 days); then it is deleted,
    /// and the deletion logged by the host. Bounds the outbox of a user who never comes back.
    /// </summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Messages claimed per pass (default 100).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Deliveries in flight at once within a pass (default 8): one slow callback does not hold up the others.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>Messages deleted per pass past <see cref="Retention"/> (default 500).</summary>
    public int PurgeBatchSize { get; init; } = 500;

    /// <summary>
    /// Bytes of signed documents this process keeps in memory, over all users, to match users' MQTT PUBACKs to outbox
    /// messages without a store statement (default 64 MiB, about 32,000 answers of 2 KB; besides the 1,024 a user of
    /// <see cref="UserOutbox.AwaitedPerUser"/>). Past it the oldest are dropped: their PUBACKs are then ignored, and
    /// those messages, still in the outbox, are sent again once at their next retry (the same bytes under the same key,
    /// which users drop as repeats) and deleted by key when that PUBACK comes. Nothing is lost or answered twice.
    /// </summary>
    public long AwaitedBytesLimit { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a PUBACK that reports an outcome taken may still be undone by a crash of whoever sent it (default zero).
    /// Zero fits the embedded broker, where the PUBACK is the user's own client's: an acknowledged message is deleted.
    /// An external broker such as Mosquitto acknowledges a publish once it holds it in memory and saves what it holds only
    /// every <c>autosave_interval</c>, so a SIGKILL can lose an outcome it acknowledged but had not yet delivered. With a
    /// window, an acknowledged message is kept, handed over and never due, for this long (then deleted), and
    /// <see cref="UserOutbox.ResendUnsaved"/> sends everything handed over within it again when the adapter reconnects:
    /// repeats the user drops, never a loss. Set it above the broker's save interval.
    /// </summary>
    public TimeSpan BrokerUnsavedWindow { get; init; } = TimeSpan.Zero;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FirstRetry, TimeSpan.Zero, nameof(FirstRetry));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetry, FirstRetry, nameof(MaxRetry));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Retention, TimeSpan.Zero, nameof(Retention));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(PurgeBatchSize, 1, nameof(PurgeBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(AwaitedBytesLimit, 0, nameof(AwaitedBytesLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(BrokerUnsavedWindow, TimeSpan.Zero, nameof(BrokerUnsavedWindow));
    }
}

using System.Collections.Concurrent;
using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Dispatch;

/// <summary>What one <see cref="UserOutbox.PumpAsync"/> pass did.</summary>
/// <param name="Claimed">Messages that were due and claimed.</param>
/// <param name="Taken">Of those, confirmed by the user's side at once (callback 2xx) and deleted.</param>
/// <param name="Sent">Of those, handed on without confirmation yet (MQTT publish awaiting its PUBACK).</param>
/// <param name="Failed">Of those, whose delivery failed (kept; retried after the backoff).</param>
/// <param name="Expired">Messages deleted past retention: their users never collected them.</param>
public sealed record OutboxPass(int Claimed, int Taken, int Sent, int Failed, IReadOnlyList<(ulong UserEui, DuisMessageKind Kind, string Key)> Expired);

/// <summary>
/// The durable outbox of user outcomes (DESIGN.md Flow 1 "delivers"; issue 11 "delivery that survives a crash"). Whoever
/// finishes a request (or accepts an alert) <see cref="Stage"/>s the signed document in the same unit of work as the state
/// change, then, after the commit, starts one attempt (<see cref="StartDelivery"/>) without waiting for it. The message stays in the store until the
/// user's side has taken it: a 2xx from the user's callback, or the user's MQTT PUBACK (<see cref="Acknowledged"/>). Until
/// then <see cref="PumpAsync"/> sends it again, with exponential backoff, after a restart too, and at once when the user's
/// client subscribes (<see cref="Wake"/>). Every re-send is the same bytes under the same delivery key (the RequestID for a
/// response), so the user can drop repeats. Thread-safe; several instances on one database share the outbox (claims are
/// compare-and-set).
/// </summary>
public sealed class UserOutbox
{
    private readonly IDccStore _store;
    private readonly IUserDelivery _delivery;
    private readonly UserOutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly OutboxAwaitingAcknowledgement _awaiting;
    // PUBACKs matched to their messages, whose deletes wait for the next commit that carries them (WriteAcknowledged).
    private readonly ConcurrentQueue<(DuisMessageKind Kind, string Key, long Connection, long QueuedAt)> _acknowledgedQueue = new();
    // Counts ResendUnsaved calls: the broker connection a publish went out over. A PUBACK of a publish made before the
    // latest resend may be one the broker lost in its restart, and that resend could not see it (not yet handed over).
    private long _connection;
    private long _taken, _acknowledged, _attempts, _failures, _expired, _acknowledgementsLost;
    // First attempts under way per user (StartDelivery).
    private readonly ConcurrentDictionary<ulong, int> _started = new();

    /// <summary>Entries kept per user of the messages whose PUBACK is awaited (<see cref="OutboxAwaitingAcknowledgement"/>):
    /// past it the oldest one's PUBACK is ignored and that message is sent again once, so it is well above a pass's
    /// <see cref="UserOutboxOptions.BatchSize"/>.</summary>
    public const int AwaitedPerUser = 1024;

    /// <summary>Creates the outbox over <paramref name="store"/>, delivering through <paramref name="delivery"/>.</summary>
    public UserOutbox(IDccStore store, IUserDelivery delivery, UserOutboxOptions? options = null, TimeProvider? time = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _delivery = delivery ?? throw new ArgumentNullException(nameof(delivery));
        _options = options ?? new UserOutboxOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _awaiting = new OutboxAwaitingAcknowledgement(Math.Max(AwaitedPerUser, 2 * _options.BatchSize), _options.AwaitedBytesLimit);
    }

    /// <summary>The options.</summary>
    public UserOutboxOptions Options => _options;

    /// <summary>Raised when a message is due at once (a user subscribed): the host runs a pass without waiting.</summary>
    public event Action? DueNow;

    /// <summary>Raised (on the delivering thread) when an attempt failed; the message is kept and retried.</summary>
    public event Action<OutboxMessage, Exception>? DeliveryFailed;

    /// <summary>Messages a callback confirmed (2xx) and that were deleted.</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>Messages a user's MQTT client acknowledged (PUBACK) and that were deleted (or handed over, with a
    /// <see cref="UserOutboxOptions.BrokerUnsavedWindow"/>).</summary>
    public long Acknowledgements => Interlocked.Read(ref _acknowledged);

    /// <summary>Delivery attempts made (first attempts and re-sends).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Attempts that failed.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Messages deleted past retention, never collected.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Queued acknowledgements whose deletes were lost to a store failure (those messages are sent again).</summary>
    public long AcknowledgementsLost => Interlocked.Read(ref _acknowledgementsLost);

    /// <summary>Acknowledgements queued by <see cref="QueueAcknowledged"/> and not yet written.</summary>
    public int AcknowledgementsWaiting => _acknowledgedQueue.Count;

    /// <summary>
    /// Whether queued acknowledgements may be written inside another flow's unit of work, riding on its commit (a round of
    /// response finishes). Not with a <see cref="UserOutboxOptions.BrokerUnsavedWindow"/>: a hand-over checks, once it
    /// is committed, whether a reconnect's resend ran meanwhile and may have missed it, and inside a transaction still
    /// open (PostgreSQL) that resend cannot see its rows; <see cref="OutboxAcknowledgements"/> writes them in commits of
    /// their own instead.
    /// </summary>
    public bool AcknowledgementsRideOnCommits => !KeepsUnsaved;

    /// <summary>Messages whose PUBACK this process awaits, matched in memory (at most <see cref="AwaitedPerUser"/> a user,
    /// and <see cref="UserOutboxOptions.AwaitedBytesLimit"/> of documents over all).</summary>
    public int Awaited => _awaiting.Count;

    /// <summary>Document bytes held for <see cref="Awaited"/> (at most <see cref="UserOutboxOptions.AwaitedBytesLimit"/>).</summary>
    public long AwaitedBytes => _awaiting.Bytes;

    /// <summary>Awaited messages dropped past either bound: their PUBACKs are ignored, and each is sent again once.</summary>
    public long AwaitedDropped => _awaiting.Dropped;

    /// <summary>
    /// Stores a message for its user. Call it inside the unit of work that records the outcome, so both are kept or
    /// neither; deliver it with <see cref="DeliverAsync"/> after the commit. The message is due again
    /// <see cref="UserOutboxOptions.FirstRetry"/> from now (the caller's own attempt counts as the first), so if the
    /// caller dies before delivering, any instance's pump delivers it then. Null when a message of that kind and key is
    /// already held (the outcome was stored before).
    /// </summary>
    public OutboxMessage? Stage(DuisDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var now = _time.GetUtcNow();
        var message = new OutboxMessage(delivery.UserEui, delivery.Kind, delivery.Key, delivery.Xml, now, now + _options.FirstRetry, 1);
        if (!_store.Outbox.Add(message)) return null;
        // Before any publish: the PUBACK may be read on another thread before the publisher returns.
        _awaiting.Expect(message.UserEui, message.Kind, message.Key, message.Xml, Interlocked.Read(ref _connection));
        return message;
    }

    /// <summary>First attempts of one user that may run at once (<see cref="StartDelivery"/>); past it a message waits for
    /// its retry. Far above what a healthy user's side has open (an attempt takes milliseconds), so only a user whose
    /// callback hangs reaches it.</summary>
    public const int StartedPerUser = 256;

    /// <summary>
    /// Starts the first attempt of a message just <see cref="Stage"/>d (after the commit), without its finisher waiting
    /// for it: whoever finished the request (a hub's up frame, the sweeper, a quarantine release) goes on at once, so a
    /// user whose callback hangs holds up nobody else's outcomes or commands. The message is in the store already, due
    /// again <see cref="UserOutboxOptions.FirstRetry"/> after it was staged, so an attempt that fails, is cut short by a
    /// stop, or is not made (the user has <see cref="StartedPerUser"/> under way) only leaves it to the pump. Returns the
    /// attempt, which never faults (a failure is counted and reported by <see cref="DeliveryFailed"/>), for tests.
    /// </summary>
    public Task StartDelivery(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_started.AddOrUpdate(message.UserEui, 1, static (_, n) => n + 1) > StartedPerUser)
        {
            Ended(message.UserEui);
            return Task.CompletedTask;
        }
        return FirstAttemptAsync(message);
    }

    private async Task FirstAttemptAsync(OutboxMessage message)
    {
        try
        {
            await DeliverAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The store failed to delete a taken message (it is sent again: a repeat the user drops).
            Interlocked.Increment(ref _failures);
            DeliveryFailed?.Invoke(message, ex);
        }
        finally
        {
            Ended(message.UserEui);
        }
    }

    private void Ended(ulong user)
    {
        if (_started.AddOrUpdate(user, 0, static (_, n) => n - 1) == 0) _started.TryRemove(new KeyValuePair<ulong, int>(user, 0));
    }

    /// <summary>
    /// One delivery attempt. A message the user's side confirmed is deleted; otherwise it stays for the next attempt
    /// (already scheduled). Never throws for a failed delivery (it is counted and reported by <see cref="DeliveryFailed"/>);
    /// returns the receipt, or null when the attempt failed.
    /// </summary>
    public async Task<DeliveryReceipt?> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _attempts);
        // A re-send (claimed by this instance, perhaps staged by another or before a restart) is awaited from here on.
        _awaiting.Expect(message.UserEui, message.Kind, message.Key, message.Xml, Interlocked.Read(ref _connection));
        DeliveryReceipt receipt;
        try
        {
            receipt = await _delivery.DeliverAsync(message.ToDelivery(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            DeliveryFailed?.Invoke(message, ex);
            return null;
        }
        if (receipt is DeliveryReceipt.Taken or DeliveryReceipt.NoChannel) _awaiting.Forget(message.UserEui, message.Kind, message.Key);
        if (receipt == DeliveryReceipt.Taken && _store.Outbox.Remove(message.Kind, message.Key)) Interlocked.Increment(ref _taken);
        return receipt;
    }

    /// <summary>
    /// One pass: claims the messages that are due (at most <see cref="UserOutboxOptions.BatchSize"/>), delivers each again
    /// and schedules the next attempt of those not confirmed (exponential backoff from
    /// <see cref="UserOutboxOptions.FirstRetry"/> to <see cref="UserOutboxOptions.MaxRetry"/>); then deletes messages past
    /// <see cref="UserOutboxOptions.Retention"/>. Each user's first message is tried alone before the rest of that user's
    /// (which then go at <see cref="UserOutboxOptions.Parallelism"/> with everyone else's): a user whose callback hangs
    /// (up to the client's timeout) or fails holds one place for one attempt, and the rest of its messages are not tried
    /// in this pass but wait out the same backoff, rather than taking every place while the other users' outcomes wait.
    /// Store failures propagate (the host retries the pass).
    /// </summary>
    public async Task<OutboxPass> PumpAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var due = _store.Outbox.ClaimDue(now, now + _options.FirstRetry, _options.BatchSize);
        var counts = new PassCounts();
        using (var places = new SemaphoreSlim(_options.Parallelism))
        {
            // Every user's first message asks for a place before any user's second one does (the waits are served in turn).
            await Task.WhenAll(due.GroupBy(static m => m.UserEui).Select(user => PumpUserAsync([.. user], places, counts, cancellationToken)))
                .ConfigureAwait(false);
        }
        if (KeepsUnsaved) PurgeSaved();
        var expired = _store.Outbox.PurgeExpired(_time.GetUtcNow() - _options.Retention, _options.PurgeBatchSize);
        foreach (var (user, kind, key) in expired) _awaiting.Forget(user, kind, key);
        Interlocked.Add(ref _expired, expired.Count);
        return new OutboxPass(due.Count, counts.Taken, counts.Sent, counts.Failed, expired);
    }

    private sealed class PassCounts
    {
        public int Taken, Sent, Failed;
    }

    private async Task PumpUserAsync(OutboxMessage[] messages, SemaphoreSlim places, PassCounts counts, CancellationToken cancellationToken)
    {
        if (!await PumpOneAsync(messages[0], places, counts, cancellationToken).ConfigureAwait(false))
        {
            // Its side failed just now: the rest would most likely fail too, each holding a place as long.
            foreach (var message in messages.AsSpan(1))
            {
                Interlocked.Increment(ref counts.Failed);
                _store.Outbox.Postpone(message.Kind, message.Key, _time.GetUtcNow() + Backoff(message.Attempts));
            }
            return;
        }
        await Task.WhenAll(messages.Skip(1).Select(m => PumpOneAsync(m, places, counts, cancellationToken))).ConfigureAwait(false);
    }

    // One re-send in a place; false when it failed.
    private async Task<bool> PumpOneAsync(OutboxMessage message, SemaphoreSlim places, PassCounts counts, CancellationToken cancellationToken)
    {
        await places.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var receipt = await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            if (receipt == DeliveryReceipt.Taken)
            {
                Interlocked.Increment(ref counts.Taken);
                return true;
            }
            if (receipt is null) Interlocked.Increment(ref counts.Failed);
            else Interlocked.Increment(ref counts.Sent);
            _store.Outbox.Postpone(message.Kind, message.Key, _time.GetUtcNow() + Backoff(message.Attempts));
            return receipt is not null;
        }
        finally
        {
            places.Release();
        }
    }

    // Handed-over messages the broker has saved since (older than the window). A pass comes about once a second while a
    // busy adapter hands over thousands a second, so it deletes in batches until none is left, bounded per pass.
    private void PurgeSaved()
    {
        var before = _time.GetUtcNow() - _options.BrokerUnsavedWindow;
        for (var batch = 0; batch < MaxPurgeBatchesPerPass; batch++)
            if (_store.Outbox.PurgeHandedOver(before, _options.PurgeBatchSize) < _options.PurgeBatchSize) return;
    }

    private const int MaxPurgeBatchesPerPass = 64;

    /// <summary>
    /// The user's MQTT client acknowledged (PUBACK) the publish of <paramref name="xml"/> on its responses topic: if that
    /// is an outbox message this process awaits the PUBACK of, it is taken and deleted (or handed over) now (its own commit). Returns
    /// whether one was held. A PUBACK of anything else (the synchronous I99, a repeat already taken) issues no statement.
    /// </summary>
    public bool Acknowledged(ulong user, ReadOnlySpan<byte> xml)
    {
        if (!_awaiting.TryTake(user, xml, out var kind, out var key, out var connection)) return false;
        var held = KeepsUnsaved ? HandOver([(kind, key, connection)]) > 0 : _store.Outbox.Remove(kind, key);
        if (!held) return false;
        Interlocked.Increment(ref _acknowledged);
        return true;
    }

    // A broker's PUBACK may still be undone by its crash: acknowledged messages are handed over, not deleted.
    private bool KeepsUnsaved => _options.BrokerUnsavedWindow > TimeSpan.Zero;

    // Hands over what the broker acknowledged over the current connection. A PUBACK read after a reconnect's resend for a
    // publish made before it (it waited in the inbox or the queue) is no hand-over: that broker may have lost the message
    // in its restart and the resend has passed it by, so the message keeps its scheduled retry. A resend that ran while
    // the hand-over was written may have missed it too: what this hand-over stamped is sent again.
    private int HandOver(List<(DuisMessageKind Kind, string Key, long Connection)> acknowledged)
    {
        var connection = Interlocked.Read(ref _connection);
        var current = acknowledged.Where(a => a.Connection == connection).Select(static a => (a.Kind, a.Key)).ToList();
        if (current.Count == 0) return 0;
        var at = _time.GetUtcNow();
        var held = _store.Outbox.HandOverAll(current, at);
        if (Interlocked.Read(ref _connection) != connection) ResendHandedOver(at);
        return held;
    }

    // In batches (each its own short write), until none handed over since then is left.
    private int ResendHandedOver(DateTimeOffset since)
    {
        var now = _time.GetUtcNow();
        int total = 0, batch;
        do
        {
            batch = _store.Outbox.ResendHandedOver(since, now, _options.PurgeBatchSize);
            total += batch;
        }
        while (batch == _options.PurgeBatchSize);
        return total;
    }

    /// <summary>
    /// The adapter has (re)connected to a broker that may have lost what it acknowledged
    /// (<see cref="UserOutboxOptions.BrokerUnsavedWindow"/>): every message handed over within the window is due now and
    /// the host is told to run a pass. Returns how many (0 without a window).
    /// </summary>
    public int ResendUnsaved()
    {
        if (!KeepsUnsaved) return 0;
        // First: a hand-over from here on knows its PUBACK may be older than this resend.
        Interlocked.Increment(ref _connection);
        var now = _time.GetUtcNow();
        var count = ResendHandedOver(now - _options.BrokerUnsavedWindow);
        if (count > 0) DueNow?.Invoke();
        return count;
    }

    /// <summary>
    /// As <see cref="Acknowledged(ulong, ReadOnlySpan{byte})"/>, but the delete waits for the next commit that carries
    /// the queued acknowledgements (<see cref="WriteAcknowledged"/>: a round of response finishes, or
    /// <see cref="OutboxAcknowledgements"/> within its bound). Until then the message is still in the outbox, so a crash
    /// meanwhile only means it is sent again at its next retry, which the user drops as a repeat. Returns whether the
    /// PUBACK was for an outbox message this process awaits (false: nothing queued, nothing to write).
    /// </summary>
    public bool QueueAcknowledged(ulong user, ReadOnlySpan<byte> xml)
    {
        if (!_awaiting.TryTake(user, xml, out var kind, out var key, out var connection)) return false;
        _acknowledgedQueue.Enqueue((kind, key, connection, Environment.TickCount64));
        return true;
    }

    /// <summary>How long the oldest queued acknowledgement has waited (zero when none waits).</summary>
    public TimeSpan OldestAcknowledgementWait =>
        _acknowledgedQueue.TryPeek(out var oldest) ? TimeSpan.FromMilliseconds(Math.Max(0, Environment.TickCount64 - oldest.QueuedAt)) : TimeSpan.Zero;

    /// <summary>
    /// Deletes the messages of the acknowledgements queued by <see cref="QueueAcknowledged"/> (up to
    /// <paramref name="limit"/>) in as few statements as the store allows (<see cref="IUserOutboxStore.RemoveAll"/>):
    /// inside a unit of work or batch the calling flow has open, as part of its transaction (so they ride on a commit made
    /// anyway; a failure undoes only these deletes); otherwise in a commit of their own. If the store fails, those
    /// acknowledgements are dropped and counted (<see cref="AcknowledgementsLost"/>) and the error is thrown: their
    /// messages stay in the outbox and are sent again, a repeat, never a loss. With a
    /// <see cref="UserOutboxOptions.BrokerUnsavedWindow"/> they are handed over instead, except those acknowledged over a
    /// broker connection before the latest <see cref="ResendUnsaved"/>, which keep their retry. Returns how many were
    /// deleted (or handed over).
    /// </summary>
    public int WriteAcknowledged(int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var batch = new List<(DuisMessageKind Kind, string Key, long Connection)>();
        while (batch.Count < limit && _acknowledgedQueue.TryDequeue(out var queued)) batch.Add((queued.Kind, queued.Key, queued.Connection));
        if (batch.Count == 0) return 0;
        int removed;
        try
        {
            removed = KeepsUnsaved ? HandOver(batch) : _store.Outbox.RemoveAll(batch.ConvertAll(static a => (a.Kind, a.Key)));
        }
        catch
        {
            Interlocked.Add(ref _acknowledgementsLost, batch.Count);
            throw;
        }
        Interlocked.Add(ref _acknowledged, removed);
        return removed;
    }

    /// <summary>
    /// The user's client has (re)subscribed: everything waiting for it is due now, and the host is told to run a pass,
    /// rather than leaving the user to wait out the backoff. Returns how many messages were waiting.
    /// </summary>
    public int Wake(ulong user)
    {
        var count = _store.Outbox.MakeDue(user, _time.GetUtcNow());
        if (count > 0) DueNow?.Invoke();
        return count;
    }

    /// <summary>Users with messages waiting, the longest-waiting first (for the host's metrics and warnings).</summary>
    public IReadOnlyList<OutboxBacklog> Backlog(int limit = 100) => _store.Outbox.Backlog(limit);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: doubling from the first retry, capped.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var ticks = _options.FirstRetry.Ticks * Math.Pow(2, doublings);
        return ticks >= _options.MaxRetry.Ticks ? _options.MaxRetry : TimeSpan.FromTicks((long)ticks);
    }
}

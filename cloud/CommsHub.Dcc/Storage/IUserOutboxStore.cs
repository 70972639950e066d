using CommsHub.Dcc.Dispatch;

namespace CommsHub.Dcc.Storage;

/// <summary>
/// The durable outbox of user outcomes (table <c>user_outbox</c>): every signed response and alert is added in the same
/// unit of work as the state change it reports, and stays until the user's side has taken it (an HTTP callback's 2xx,
/// or the user's MQTT PUBACK). Rows are claimed with a compare-and-set (and on PostgreSQL SKIP LOCKED), so several
/// adapter instances on one database can share it; a claim only moves a row's next attempt forward, so a claimer that
/// dies leaves the row due again when that time comes.
/// </summary>
public interface IUserOutboxStore
{
    /// <summary>Adds a message; false (nothing written) when one of that kind and key is already held.</summary>
    bool Add(OutboxMessage message);

    /// <summary>The message of that kind and key, or null (taken, expired or never added).</summary>
    OutboxMessage? Find(DuisMessageKind kind, string key);

    /// <summary>
    /// Claims up to <paramref name="limit"/> messages due at <paramref name="now"/>, earliest due first: each one's next
    /// attempt moves to <paramref name="leaseUntil"/> and its attempt count goes up by one, in one statement, so another
    /// claimer (instance) does not get it before then. Returns the claimed messages with their new values, in the order
    /// they were stored (oldest outcome first).
    /// </summary>
    IReadOnlyList<OutboxMessage> ClaimDue(DateTimeOffset now, DateTimeOffset leaseUntil, int limit);

    /// <summary>Sets the next attempt of a message still held; false when it is gone (taken meanwhile) or handed over
    /// meanwhile (<see cref="HandOverAll"/>: the broker's PUBACK was recorded first, and it stays never due).</summary>
    bool Postpone(DuisMessageKind kind, string key, DateTimeOffset nextAttemptAt);

    /// <summary>Deletes a message the user's side has taken; false when it was already gone.</summary>
    bool Remove(DuisMessageKind kind, string key);

    /// <summary>
    /// Deletes the messages of these kinds and keys (those the users' sides have taken), in few statements (one for up
    /// to 64 keys of a kind); returns how many were held. Inside a unit of work or batch its failure undoes only these
    /// deletes and leaves the unit's other work to be committed (no savepoint needed for that on SQLite, one of its own
    /// on PostgreSQL); otherwise it commits on its own.
    /// </summary>
    int RemoveAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages);

    /// <summary>
    /// Marks these messages as acknowledged by a broker that may still lose them (an external broker's PUBACK): each is
    /// kept, stamped <paramref name="at"/>, and is no longer due, listed in the backlog or woken by
    /// <see cref="MakeDue"/>; <see cref="PurgeHandedOver"/> deletes it once the broker has saved it, and
    /// <see cref="ResendHandedOver"/> makes it due again if the broker may have lost it. Same statements and transaction
    /// rules as <see cref="RemoveAll"/>; returns how many were held.
    /// </summary>
    int HandOverAll(IReadOnlyCollection<(DuisMessageKind Kind, string Key)> messages, DateTimeOffset at);

    /// <summary>
    /// The broker may have lost what it acknowledged (the adapter has reconnected): up to <paramref name="limit"/> of the
    /// messages handed over from <paramref name="since"/> to <paramref name="now"/>, oldest hand-over first, are due at
    /// <paramref name="now"/> again, as not handed over; returns how many. Bounded so that no statement holds the write
    /// lock over a whole window's outcomes: call it again until it returns fewer than the limit.
    /// </summary>
    int ResendHandedOver(DateTimeOffset since, DateTimeOffset now, int limit);

    /// <summary>
    /// Deletes messages handed over before <paramref name="before"/> (the broker has saved them since), at most
    /// <paramref name="limit"/>; returns how many.
    /// </summary>
    int PurgeHandedOver(DateTimeOffset before, int limit);

    /// <summary>
    /// Deletes the message of <paramref name="user"/> whose document is exactly <paramref name="xml"/> (an MQTT PUBACK names
    /// the publish it acknowledges by its content only); returns how many were deleted (0 or 1).
    /// </summary>
    int RemoveTaken(ulong user, ReadOnlySpan<byte> xml);

    /// <summary>Makes every message of <paramref name="user"/> not handed over due at <paramref name="now"/> (the user's
    /// client has just subscribed: no need to wait for the backoff); returns how many.</summary>
    int MakeDue(ulong user, DateTimeOffset now);

    /// <summary>
    /// Deletes messages stored before <paramref name="createdBefore"/> (past retention: the user never collected them),
    /// oldest first, at most <paramref name="limit"/>; returns each deleted message's user and key for the log.
    /// </summary>
    IReadOnlyList<(ulong UserEui, DuisMessageKind Kind, string Key)> PurgeExpired(DateTimeOffset createdBefore, int limit);

    /// <summary>Users with messages waiting (not handed over), the longest-waiting first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<OutboxBacklog> Backlog(int limit = 100);
}

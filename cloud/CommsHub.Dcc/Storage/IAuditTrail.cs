namespace CommsHub.Dcc.Storage;

/// <summary>
/// The append-only record of every access-control decision. There is deliberately no update or delete: a decision,
/// once recorded, stays as it was. The SQL implementations also refuse UPDATE and DELETE with a trigger, so not even
/// a hand-written statement against the database can rewrite history.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends an entry and returns its sequence number (increasing).</summary>
    long Append(AuditEntry entry);

    /// <summary>Entries of one user (all users when null), oldest first, after <paramref name="afterSequence"/>, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<AuditEntry> Read(ulong? userEui = null, long afterSequence = 0, int limit = 1000);

    /// <summary>Entries for one DUIS RequestID, oldest first (a quarantined request has several).</summary>
    IReadOnlyList<AuditEntry> ForRequest(string requestId);
}

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// The outbox messages this process has staged or handed on and whose users have not yet acknowledged them, by user, in
/// memory. An MQTT PUBACK names a publish only by its content, and half of the PUBACKs on a user's responses topic are
/// not for outbox messages at all: the synchronous DUIS Response (I99, or a refusal's E-code) is published directly and
/// never stored (DESIGN.md "Delivery" guarantees the outcome, which the outbox holds; a lost I99 leaves the request
/// unacknowledged, and the user's resend is acknowledged again while its outcome follows from the outbox). Matching a
/// PUBACK here gives the message's key without a store statement, and a PUBACK that matches nothing costs none.
/// </summary>
/// <remarks>
/// Losing an entry (evicted past <c>perUser</c>, or a restart) only means that message's PUBACK is ignored: the message
/// stays in the outbox, is sent again at its next retry (the same bytes under the same key, which the user drops as a
/// repeat), and that delivery enters it here again. Thread-safe.
/// </remarks>
/// <param name="perUser">Entries kept per user; past it the oldest is dropped.</param>
internal sealed class OutboxAwaitingAcknowledgement(int perUser)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, List<Entry>> _byUser = [];

    private readonly record struct Entry(DuisMessageKind Kind, string Key, byte[] Xml);

    /// <summary>Entries held, over all users (tests, metrics).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _byUser.Values.Sum(l => l.Count);
        }
    }

    /// <summary>The message of <paramref name="kind"/> and <paramref name="key"/> is about to reach <paramref name="user"/>
    /// as <paramref name="xml"/>: its PUBACK is expected (replacing an earlier entry under that key).</summary>
    public void Expect(ulong user, DuisMessageKind kind, string key, byte[] xml)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(user, out var entries)) _byUser[user] = entries = [];
            var at = IndexOf(entries, kind, key);
            if (at >= 0) entries.RemoveAt(at);
            else if (entries.Count >= perUser) entries.RemoveAt(0);
            entries.Add(new Entry(kind, key, xml));
        }
    }

    /// <summary>
    /// A PUBACK of <paramref name="xml"/> from <paramref name="user"/>: the expected message with exactly these bytes, if
    /// any, is taken out and its key returned.
    /// </summary>
    public bool TryTake(ulong user, ReadOnlySpan<byte> xml, out DuisMessageKind kind, out string key)
    {
        lock (_lock)
        {
            if (_byUser.TryGetValue(user, out var entries))
            {
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    if (entry.Xml.Length != xml.Length || !xml.SequenceEqual(entry.Xml)) continue;
                    entries.RemoveAt(i);
                    if (entries.Count == 0) _byUser.Remove(user);
                    (kind, key) = (entry.Kind, entry.Key);
                    return true;
                }
            }
        }
        (kind, key) = (default, "");
        return false;
    }

    /// <summary>The message is gone from the outbox otherwise (a callback took it, or it expired): nothing to expect.</summary>
    public void Forget(ulong user, DuisMessageKind kind, string key)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(user, out var entries)) return;
            var at = IndexOf(entries, kind, key);
            if (at < 0) return;
            entries.RemoveAt(at);
            if (entries.Count == 0) _byUser.Remove(user);
        }
    }

    private static int IndexOf(List<Entry> entries, DuisMessageKind kind, string key)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Kind == kind && string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}

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
/// <para>Bounded twice: at most <c>perUser</c> entries a user, and at most <c>totalBytes</c> of documents over all users
/// (many users with full backlogs would otherwise hold up to <c>perUser</c> x ~2 KB each). Past either bound the
/// oldest entry (of that user, or of all) is dropped.</para>
/// <para>Losing an entry (dropped past a bound, or a restart) only means that message's PUBACK is ignored: the message
/// stays in the outbox, is sent again at its next retry (the same bytes under the same key, which the user drops as a
/// repeat), and that delivery enters it here again; once its PUBACK matches, its row is deleted by key. The durable
/// outbox stays the truth: nothing here can lose or duplicate an outcome. Thread-safe.</para>
/// </remarks>
/// <param name="perUser">Entries kept per user; past it the user's oldest is dropped.</param>
/// <param name="totalBytes">Document bytes kept over all users; past it the oldest entries of all are dropped until the
/// new one fits (an entry larger than this on its own is not kept at all).</param>
internal sealed class OutboxAwaitingAcknowledgement(int perUser, long totalBytes = long.MaxValue)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, List<LinkedListNode<Entry>>> _byUser = [];
    // Every entry, oldest first: what the overall bound drops first.
    private readonly LinkedList<Entry> _all = new();
    private long _bytes, _dropped;

    private sealed record Entry(ulong User, DuisMessageKind Kind, string Key, byte[] Xml, long Connection);

    /// <summary>Entries held, over all users (tests, metrics).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _all.Count;
        }
    }

    /// <summary>Document bytes held, over all users (tests, metrics).</summary>
    public long Bytes
    {
        get
        {
            lock (_lock) return _bytes;
        }
    }

    /// <summary>Entries dropped past either bound (their PUBACKs are ignored; those messages are sent again once).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The message of <paramref name="kind"/> and <paramref name="key"/> is about to reach <paramref name="user"/>
    /// as <paramref name="xml"/>, over broker connection <paramref name="connection"/>: its PUBACK is expected (replacing
    /// an earlier entry under that key).</summary>
    public void Expect(ulong user, DuisMessageKind kind, string key, byte[] xml, long connection = 0)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(user, out var entries)) _byUser[user] = entries = [];
            var at = IndexOf(entries, kind, key);
            if (at >= 0) RemoveAt(entries, at);
            else if (entries.Count >= perUser)
            {
                RemoveAt(entries, 0);
                Interlocked.Increment(ref _dropped);
            }
            while (_all.First is { } oldest && _bytes + xml.Length > totalBytes)
            {
                var owner = _byUser[oldest.Value.User];
                RemoveAt(owner, owner.IndexOf(oldest));
                if (owner.Count == 0 && !ReferenceEquals(owner, entries)) _byUser.Remove(oldest.Value.User);
                Interlocked.Increment(ref _dropped);
            }
            if (xml.Length > totalBytes)
            {
                if (entries.Count == 0) _byUser.Remove(user);
                Interlocked.Increment(ref _dropped);
                return;
            }
            entries.Add(_all.AddLast(new Entry(user, kind, key, xml, connection)));
            _bytes += xml.Length;
        }
    }

    /// <summary>
    /// A PUBACK of <paramref name="xml"/> from <paramref name="user"/>: the expected message with exactly these bytes, if
    /// any, is taken out and its key returned, with the connection it was expected over.
    /// </summary>
    public bool TryTake(ulong user, ReadOnlySpan<byte> xml, out DuisMessageKind kind, out string key, out long connection)
    {
        lock (_lock)
        {
            if (_byUser.TryGetValue(user, out var entries))
            {
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i].Value;
                    if (entry.Xml.Length != xml.Length || !xml.SequenceEqual(entry.Xml)) continue;
                    RemoveAt(entries, i);
                    if (entries.Count == 0) _byUser.Remove(user);
                    (kind, key, connection) = (entry.Kind, entry.Key, entry.Connection);
                    return true;
                }
            }
        }
        (kind, key, connection) = (default, "", 0);
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
            RemoveAt(entries, at);
            if (entries.Count == 0) _byUser.Remove(user);
        }
    }

    private void RemoveAt(List<LinkedListNode<Entry>> entries, int at)
    {
        var node = entries[at];
        entries.RemoveAt(at);
        _all.Remove(node);
        _bytes -= node.Value.Xml.Length;
    }

    private static int IndexOf(List<LinkedListNode<Entry>> entries, DuisMessageKind kind, string key)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i].Value;
            if (entry.Kind == kind && string.Equals(entry.Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}

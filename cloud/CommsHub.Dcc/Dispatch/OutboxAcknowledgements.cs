namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// Records users' MQTT PUBACKs of outbox messages (<see cref="UserOutbox.AcknowledgedAll"/>) in batches: one store
/// transaction for all the acknowledgements that arrived within <c>interval</c>, instead of one commit per PUBACK on the
/// user's lane. A user acknowledges two publishes per request (the I99 and the I0), so on the request path this was two
/// of the four SQLite commits a request cost.
/// </summary>
/// <remarks>
/// <para>Delivery stays at least once, with nothing lost: until its batch is written the message is still in the outbox,
/// so if the process dies first (or the batch fails to write) the outbox sends it again at its next retry, the same bytes
/// under the same delivery key, which the user drops as a repeat. That is what a crash between a PUBACK and its delete
/// did before; the window is now up to one interval longer. The retry is at least
/// <see cref="UserOutboxOptions.FirstRetry"/> (seconds) after the delivery, far beyond the interval (milliseconds), so a
/// running adapter does not resend what it was told about.</para>
/// <para>Thread-safe. Batches are written every <c>interval</c>, or at once when <c>maxBatch</c> acknowledgements are
/// queued, and on <see cref="TimedBatchWriter{T}.Dispose()"/>.</para>
/// </remarks>
/// <param name="outbox">Where the acknowledgements are recorded.</param>
/// <param name="interval">Longest an acknowledgement waits (default 20 ms).</param>
/// <param name="maxBatch">Acknowledgements per transaction; reaching it writes at once (default 256).</param>
public sealed class OutboxAcknowledgements(UserOutbox outbox, TimeSpan? interval = null, int maxBatch = 256)
    : TimedBatchWriter<(ulong User, byte[] Xml)>(interval, maxBatch)
{
    private readonly UserOutbox _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));

    /// <summary>Raised (on the writing thread) when a batch could not be written; its messages stay in the outbox.</summary>
    public event Action<Exception, int>? BatchFailed;

    /// <summary>
    /// Queues user <paramref name="user"/>'s acknowledgement of the publish of <paramref name="xml"/>. Returns false once
    /// disposed (shutting down): the caller records it itself.
    /// </summary>
    public bool TryEnqueue(ulong user, byte[] xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return TryQueue((user, xml));
    }

    /// <inheritdoc/>
    protected override int Write(IReadOnlyList<(ulong User, byte[] Xml)> batch) => _outbox.AcknowledgedAll(batch);

    // The messages stay in the outbox and are sent again: a repeat, never a loss.
    /// <inheritdoc/>
    protected override void Failed(IReadOnlyList<(ulong User, byte[] Xml)> batch, Exception error) => BatchFailed?.Invoke(error, batch.Count);
}

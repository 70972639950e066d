using System.Text;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// <see cref="OutboxAcknowledgements"/>: users' PUBACKs recorded in batches, one commit for the lot, with nothing lost: a
/// message whose acknowledgement was never written stays in the outbox and is sent again.
/// </summary>
public sealed class OutboxAcknowledgementsTests : IDisposable
{
    private const ulong User = 0x90B3D51F30010000UL, Other = 0x90B3D51F30020000UL;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-acks-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDccStore _store;
    private readonly UserOutbox _outbox;

    public OutboxAcknowledgementsTests()
    {
        _store = SqliteDccStore.Open(_dir);
        _outbox = new UserOutbox(_store, new PublishOnly());
    }

    public void Dispose()
    {
        _store.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private sealed class PublishOnly : IUserDelivery
    {
        public Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default) =>
            Task.FromResult(DeliveryReceipt.Sent);
    }

    private byte[] Staged(ulong user, string key)
    {
        var xml = Encoding.UTF8.GetBytes($"<signed answer='{key}'/>");
        Assert.NotNull(_outbox.Stage(new DuisDelivery(user, DuisMessageKind.Response, key, xml)));
        return xml;
    }

    private bool Held(string key) => _store.Outbox.Find(DuisMessageKind.Response, key) is not null;

    [Fact]
    public void Queued_acknowledgements_are_written_in_one_commit_by_the_batch()
    {
        using var acks = new OutboxAcknowledgements(_outbox, TimeSpan.FromHours(1));
        var keys = Enumerable.Range(1, 5).Select(i => $"R{i}").ToList();
        var xmls = keys.Select(k => Staged(User, k)).ToList();
        var commits = _store.WriterCommits;

        foreach (var xml in xmls) Assert.True(acks.TryEnqueue(User, xml));
        Assert.True(acks.TryEnqueue(User, Encoding.UTF8.GetBytes("<the I99, never in the outbox/>")));
        Assert.All(keys, k => Assert.True(Held(k))); // queued, not written yet
        Assert.Equal(commits, _store.WriterCommits);

        Assert.Equal(5, acks.Flush());
        Assert.All(keys, k => Assert.False(Held(k)));
        Assert.Equal(commits + 1, _store.WriterCommits);
        Assert.Equal(5, _outbox.Acknowledgements);
    }

    [Fact]
    public void Another_users_acknowledgement_in_the_same_batch_takes_nothing()
    {
        using var acks = new OutboxAcknowledgements(_outbox, TimeSpan.FromHours(1));
        var mine = Staged(User, "R1");
        acks.TryEnqueue(Other, mine);
        Assert.Equal(0, acks.Flush());
        Assert.True(Held("R1"));
        acks.TryEnqueue(User, mine);
        Assert.Equal(1, acks.Flush());
        Assert.False(Held("R1"));
    }

    [Fact]
    public async Task The_timer_writes_queued_acknowledgements()
    {
        using var acks = new OutboxAcknowledgements(_outbox, TimeSpan.FromMilliseconds(10));
        acks.TryEnqueue(User, Staged(User, "R1"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Held("R1") && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.False(Held("R1"));
    }

    [Fact]
    public void A_full_batch_is_written_without_waiting_for_the_timer()
    {
        using var acks = new OutboxAcknowledgements(_outbox, TimeSpan.FromHours(1), maxBatch: 3);
        var xmls = Enumerable.Range(1, 3).Select(i => Staged(User, $"R{i}")).ToList();
        foreach (var xml in xmls) acks.TryEnqueue(User, xml);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_outbox.Acknowledgements < 3 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.Equal(3, _outbox.Acknowledgements);
    }

    [Fact]
    public async Task A_crash_before_the_batch_leaves_the_message_to_be_sent_again()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var outbox = new UserOutbox(_store, new PublishOnly(), time: clock);
        var acks = new OutboxAcknowledgements(outbox, TimeSpan.FromHours(1));
        var xml = Encoding.UTF8.GetBytes("<signed I0/>");
        Assert.NotNull(outbox.Stage(new DuisDelivery(User, DuisMessageKind.Response, "R1", xml)));
        acks.TryEnqueue(User, xml);
        // The process dies: the queued acknowledgement is never written (no Dispose, no Flush). A restarted instance's
        // pump sends the same bytes again at the first retry: a repeat the user drops, never a loss.
        var restarted = new UserOutbox(_store, new PublishOnly(), time: clock);
        clock.Now += restarted.Options.FirstRetry;
        var pass = await restarted.PumpAsync();
        Assert.Equal(1, pass.Sent);
        Assert.True(Held("R1"));
        GC.KeepAlive(acks);
    }

    [Fact]
    public void Dispose_writes_what_is_queued_and_later_acknowledgements_are_refused_to_the_caller()
    {
        var acks = new OutboxAcknowledgements(_outbox, TimeSpan.FromHours(1));
        acks.TryEnqueue(User, Staged(User, "R1"));
        acks.Dispose();
        Assert.False(Held("R1"));
        Assert.False(acks.TryEnqueue(User, Staged(User, "R2"))); // the caller writes it itself
        Assert.True(Held("R2"));
    }

    [Fact]
    public void A_batch_that_fails_to_write_is_reported_and_its_messages_stay()
    {
        var acks = new OutboxAcknowledgements(_outbox, TimeSpan.FromHours(1));
        var failures = new List<int>();
        acks.BatchFailed += (_, count) => failures.Add(count);
        acks.TryEnqueue(User, Staged(User, "R1"));
        acks.TryEnqueue(User, Staged(User, "R2"));
        _store.Dispose(); // the store is gone: the writer refuses the unit of work
        Assert.Equal(0, acks.Flush());
        Assert.Equal([2], failures);
        Assert.Equal(1, acks.FailedBatches);
        using var reopened = SqliteDccStore.Open(_dir);
        Assert.NotNull(reopened.Outbox.Find(DuisMessageKind.Response, "R1"));
        Assert.NotNull(reopened.Outbox.Find(DuisMessageKind.Response, "R2"));
    }
}

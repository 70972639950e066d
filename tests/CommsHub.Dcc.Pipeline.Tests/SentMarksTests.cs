using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// <see cref="SentMarks"/>: Pending -> Sent written in batches after the publish, with dispatch still at least once and
/// never twice from one instance.
/// </summary>
public sealed class SentMarksTests : IDisposable
{
    private const ulong Hub = 0x00DB1234567890A2UL;
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-sentmarks-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDccStore _store;
    private readonly RecordingPublisher _mqtt = new();
    private readonly HubPresence _presence = new();

    public SentMarksTests() => _store = SqliteDccStore.Open(_dir);

    public void Dispose()
    {
        _store.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private PendingRequest Persisted(ulong counter)
    {
        var request = new PendingRequest($"90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{counter}", 0x90B3D51F30010000UL,
            0x00DB1234567890A0UL, counter, "4.1.1", PendingState.Pending, Now, Now.AddMinutes(5), [0xDD, (byte)counter]);
        Assert.True(_store.PendingRequests.Add(request));
        return request;
    }

    private PendingState StateOf(PendingRequest r) => _store.PendingRequests.Find(r.RequestId)!.State;

    [Fact]
    public async Task The_mark_is_written_by_the_batch_not_by_the_publishing_request()
    {
        using var marks = new SentMarks(_store, TimeSpan.FromHours(1));
        var dispatcher = new MqttCommandDispatcher(_mqtt, _store.PendingRequests, _presence, marks);
        var requests = Enumerable.Range(1, 5).Select(i => Persisted((ulong)i)).ToList();
        foreach (var r in requests) Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(r, Hub));

        Assert.Equal(5, _mqtt.Published.Count);
        Assert.All(requests, r => Assert.Equal(PendingState.Pending, StateOf(r))); // published; mark queued
        Assert.Equal(5, marks.Flush());
        Assert.All(requests, r => Assert.Equal(PendingState.Sent, StateOf(r)));
        Assert.Equal(5, marks.Written);
    }

    [Fact]
    public async Task The_timer_writes_queued_marks()
    {
        using var marks = new SentMarks(_store, TimeSpan.FromMilliseconds(10));
        var dispatcher = new MqttCommandDispatcher(_mqtt, _store.PendingRequests, _presence, marks);
        var r = Persisted(7);
        await dispatcher.DispatchAsync(r, Hub);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (StateOf(r) != PendingState.Sent && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(PendingState.Sent, StateOf(r));
        Assert.False(marks.IsQueued(r.RequestId));
    }

    [Fact]
    public async Task This_instance_does_not_publish_a_request_whose_mark_is_queued_again()
    {
        using var marks = new SentMarks(_store, TimeSpan.FromHours(1));
        var dispatcher = new MqttCommandDispatcher(_mqtt, _store.PendingRequests, _presence, marks);
        var r = Persisted(8);
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(r, Hub));
        // What a sweep finds before the batch is written: the row is still Pending.
        var seenBySweeper = _store.PendingRequests.InState(PendingState.Pending).Single();
        Assert.Equal(DispatchOutcome.AlreadyHandled, await dispatcher.DispatchAsync(seenBySweeper, Hub));
        Assert.Single(_mqtt.Published);
    }

    [Fact]
    public async Task A_crash_before_the_batch_leaves_the_request_pending_and_it_is_published_again()
    {
        var marks = new SentMarks(_store, TimeSpan.FromHours(1));
        var r = Persisted(9);
        await new MqttCommandDispatcher(_mqtt, _store.PendingRequests, _presence, marks).DispatchAsync(r, Hub);
        // The process dies: the queued mark is never written (no Dispose). A restarted instance sweeps.
        Assert.Equal(PendingState.Pending, StateOf(r));
        var restarted = new MqttCommandDispatcher(_mqtt, _store.PendingRequests, _presence);
        Assert.Equal(DispatchOutcome.Sent, await restarted.DispatchAsync(_store.PendingRequests.InState(PendingState.Pending).Single(), Hub));
        Assert.Equal(2, _mqtt.Published.Count); // at least once: the hub refuses the repeat by its counter
        Assert.Equal(PendingState.Sent, StateOf(r));
        GC.KeepAlive(marks);
    }

    [Fact]
    public async Task A_response_before_the_mark_is_not_undone_by_it()
    {
        using var marks = new SentMarks(_store, TimeSpan.FromHours(1));
        var r = Persisted(10);
        await new MqttCommandDispatcher(_mqtt, _store.PendingRequests, _presence, marks).DispatchAsync(r, Hub);
        Assert.True(_store.PendingRequests.TryTransition(r.RequestId, PendingState.Pending, PendingState.Completed, "I0"));
        Assert.Equal(0, marks.Flush());
        Assert.Equal(PendingState.Completed, StateOf(r));
    }

    [Fact]
    public async Task Dispose_writes_what_is_queued_and_later_dispatches_write_their_own_mark()
    {
        var marks = new SentMarks(_store, TimeSpan.FromHours(1));
        var dispatcher = new MqttCommandDispatcher(_mqtt, _store.PendingRequests, _presence, marks);
        var first = Persisted(11);
        await dispatcher.DispatchAsync(first, Hub);
        marks.Dispose();
        Assert.Equal(PendingState.Sent, StateOf(first));

        var second = Persisted(12);
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(second, Hub));
        Assert.Equal(PendingState.Sent, StateOf(second)); // written by the dispatch itself
    }

    [Fact]
    public async Task A_batch_that_cannot_be_written_is_dropped_and_its_requests_can_be_dispatched_again()
    {
        var other = SqliteDccStore.Open(Path.Combine(_dir, "other"));
        using var marks = new SentMarks(other, TimeSpan.FromHours(1));
        var r = new PendingRequest("R-1", 1, 2, 3, "4.1.1", PendingState.Pending, Now, Now.AddMinutes(5), [1]);
        Assert.True(other.PendingRequests.Add(r));
        await new MqttCommandDispatcher(_mqtt, other.PendingRequests, _presence, marks).DispatchAsync(r, Hub);
        Assert.True(marks.IsQueued("R-1"));
        other.Dispose(); // the database goes away under the writer

        Assert.Equal(0, marks.Flush());
        Assert.Equal(1, marks.FailedBatches);
        Assert.False(marks.IsQueued("R-1")); // the sweeper may publish it again
    }
}

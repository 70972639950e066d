using System.Collections.Concurrent;
using System.Text;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: the durable outbox of user outcomes (kept until taken, claimed by compare-and-set, acknowledged
/// by content, woken, purged past retention), and finishing a request from any of several states in one compare-and-set.
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    private static OutboxMessage Outcome(string key, ulong user = UserEui, DuisMessageKind kind = DuisMessageKind.Response, DateTimeOffset? created = null,
        TimeSpan? dueIn = null) =>
        new(user, kind, key, Encoding.UTF8.GetBytes($"<signed answer for {key}/>"), created ?? T0, (created ?? T0) + (dueIn ?? TimeSpan.FromSeconds(10)), 1);

    [StoreFact]
    public void An_outcome_is_kept_across_reopening_until_it_is_removed_and_a_second_copy_of_its_key_is_refused()
    {
        var message = Outcome("R1");
        Assert.True(Store.Outbox.Add(message));
        Assert.False(Store.Outbox.Add(message with { Xml = [1, 2, 3] })); // one outcome per key
        Assert.True(Store.Outbox.Add(Outcome("R1", kind: DuisMessageKind.DeviceAlert))); // keys are per kind

        var found = Reopen().Outbox.Find(DuisMessageKind.Response, "R1")!;
        Assert.Equal((message.UserEui, message.Key, message.CreatedAt, message.NextAttemptAt, 1), (found.UserEui, found.Key, found.CreatedAt, found.NextAttemptAt, found.Attempts));
        Assert.Equal(message.Xml, found.Xml);
        Assert.True(Store.Outbox.Remove(DuisMessageKind.Response, "R1"));
        Assert.False(Store.Outbox.Remove(DuisMessageKind.Response, "R1"));
        Assert.Null(Store.Outbox.Find(DuisMessageKind.Response, "R1"));
        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.DeviceAlert, "R1"));
    }

    [StoreFact]
    public void A_claim_takes_only_due_outcomes_earliest_first_leases_them_and_counts_the_attempt()
    {
        Store.Outbox.Add(Outcome("LATER", dueIn: TimeSpan.FromMinutes(5)));
        Store.Outbox.Add(Outcome("SECOND", dueIn: TimeSpan.FromSeconds(20)));
        Store.Outbox.Add(Outcome("FIRST", dueIn: TimeSpan.FromSeconds(10)));
        var now = T0.AddMinutes(1);

        Assert.Equal(["FIRST"], Store.Outbox.ClaimDue(now, now.AddSeconds(30), 1).Select(m => m.Key));
        var second = Assert.Single(Store.Outbox.ClaimDue(now, now.AddSeconds(30), 10));
        Assert.Equal(("SECOND", now.AddSeconds(30), 2), (second.Key, second.NextAttemptAt, second.Attempts));
        Assert.Empty(Store.Outbox.ClaimDue(now, now.AddSeconds(30), 10)); // leased: nobody else gets them now
        Assert.Equal(2, Reopen().Outbox.ClaimDue(now.AddSeconds(30), now.AddMinutes(1), 10).Count); // due again once the lease ends
        Assert.True(Store.Outbox.Postpone(DuisMessageKind.Response, "FIRST", now.AddHours(1)));
        Assert.False(Store.Outbox.Postpone(DuisMessageKind.Response, "GONE", now.AddHours(1)));
        // Returned in the order they were stored (oldest outcome first).
        Assert.Equal(["LATER", "SECOND"], Store.Outbox.ClaimDue(now.AddMinutes(5), now.AddMinutes(6), 10).Select(m => m.Key));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.Outbox.ClaimDue(now, now, 0));
    }

    // Several adapter instances on one database share the outbox: concurrent claimers never get the same outcome for the
    // same lease.
    [StoreFact]
    public async Task Concurrent_claimers_on_separate_stores_take_disjoint_outcomes()
    {
        for (var i = 0; i < 60; i++) Store.Outbox.Add(Outcome($"R{i:D2}", dueIn: TimeSpan.Zero));
        var claimed = new ConcurrentBag<string>();
        var instances = Enumerable.Range(0, 3).Select(_ => Backend.Open()).ToList();
        try
        {
            await Task.WhenAll(instances.Select(s => Task.Run(() =>
            {
                for (var round = 0; round < 20; round++)
                    foreach (var m in s.Outbox.ClaimDue(T0, T0.AddMinutes(1), 2)) claimed.Add(m.Key);
            })));
        }
        finally
        {
            foreach (var s in instances) s.Dispose();
        }
        Assert.Equal(60, claimed.Count);
        Assert.Equal(60, claimed.Distinct().Count());
    }

    [StoreFact]
    public void A_puback_removes_the_users_outcome_with_exactly_those_bytes()
    {
        var mine = Outcome("MINE");
        Store.Outbox.Add(mine);
        Store.Outbox.Add(Outcome("THEIRS", user: 0x90B3D51F30020000));

        Assert.Equal(0, Store.Outbox.RemoveTaken(0x90B3D51F30020000, mine.Xml)); // another user's acknowledgement
        Assert.Equal(0, Store.Outbox.RemoveTaken(UserEui, [.. mine.Xml, 0x20])); // other bytes
        Assert.Equal(1, Store.Outbox.RemoveTaken(UserEui, mine.Xml));
        Assert.Null(Store.Outbox.Find(DuisMessageKind.Response, "MINE"));
        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.Response, "THEIRS"));
    }

    [StoreFact]
    public void Waking_a_user_makes_only_its_outcomes_due_now()
    {
        Store.Outbox.Add(Outcome("MINE", dueIn: TimeSpan.FromMinutes(5)));
        Store.Outbox.Add(Outcome("ALSO MINE", dueIn: TimeSpan.FromMinutes(1)));
        Store.Outbox.Add(Outcome("THEIRS", user: 0x90B3D51F30020000, dueIn: TimeSpan.FromMinutes(5)));

        Assert.Equal(2, Store.Outbox.MakeDue(UserEui, T0));
        Assert.Equal(["MINE", "ALSO MINE"], Store.Outbox.ClaimDue(T0, T0.AddMinutes(1), 10).Select(m => m.Key).Order().Reverse());
        Assert.Equal(0, Store.Outbox.MakeDue(0x90B3D51F30030000, T0));
    }

    [StoreFact]
    public void Outcomes_past_retention_are_purged_oldest_first_within_the_limit_and_the_backlog_shows_who_waits()
    {
        Store.Outbox.Add(Outcome("OLD2", created: T0.AddMinutes(2)));
        Store.Outbox.Add(Outcome("OLD1", created: T0.AddMinutes(1)));
        Store.Outbox.Add(Outcome("NEW", created: T0.AddDays(7)));
        Store.Outbox.Add(Outcome("OTHER", user: 0x90B3D51F30020000, created: T0.AddMinutes(3), kind: DuisMessageKind.DeviceAlert));
        Store.Outbox.ClaimDue(T0.AddDays(8), T0.AddDays(9), 1); // OLD1 has a second attempt

        var backlog = Store.Outbox.Backlog();
        Assert.Equal([(UserEui, 3, T0.AddMinutes(1), 2), (0x90B3D51F30020000UL, 1, T0.AddMinutes(3), 1)],
            backlog.Select(b => (b.UserEui, b.Count, b.OldestCreatedAt, b.MaxAttempts)));

        Assert.Equal([(UserEui, DuisMessageKind.Response, "OLD1")], Store.Outbox.PurgeExpired(T0.AddDays(1), 1));
        Assert.Equal([(UserEui, DuisMessageKind.Response, "OLD2"), (0x90B3D51F30020000UL, DuisMessageKind.DeviceAlert, "OTHER")],
            Store.Outbox.PurgeExpired(T0.AddDays(1), 10).OrderBy(e => e.Key));
        Assert.Empty(Store.Outbox.PurgeExpired(T0.AddDays(1), 10));
        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.Response, "NEW"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.Outbox.PurgeExpired(T0, 0));
    }

    [StoreFact]
    public void A_transition_from_a_set_of_states_succeeds_from_any_of_them_once()
    {
        Finished("P", 1, PendingState.Pending, T0);
        Finished("S", 2, PendingState.Sent, T0);
        Finished("T", 3, PendingState.TimedOut, T0);
        PendingState[] answerable = [PendingState.Pending, PendingState.Sent];

        Assert.True(Store.PendingRequests.TryTransition("P", answerable, PendingState.Completed, "I0"));
        Assert.True(Store.PendingRequests.TryTransition("S", answerable, PendingState.Completed, "I0"));
        Assert.False(Store.PendingRequests.TryTransition("T", answerable, PendingState.Completed, "I0"));
        Assert.False(Store.PendingRequests.TryTransition("P", answerable, PendingState.Completed, "I0")); // once
        Assert.False(Store.PendingRequests.TryTransition("S", [], PendingState.Failed));
        Assert.Equal((PendingState.Completed, "I0"), (Reopen().PendingRequests.Find("P")!.State, Store.PendingRequests.Find("P")!.ResponseCode));
        Assert.Equal((PendingState.TimedOut, (string?)null), (Store.PendingRequests.Find("T")!.State, Store.PendingRequests.Find("T")!.ResponseCode));
    }

    // Issue 11, item 3, at the store: Sent marks (one statement per batch) and responses (read the state, then finish)
    // interleaved in every order, on threads and separate stores as two instances would be. Every response finishes its
    // request, because it finishes from Pending or Sent in one compare-and-set.
    [StoreFact]
    public async Task Responses_and_Sent_marks_interleaved_in_every_order_finish_every_request()
    {
        const int requests = 120;
        for (var i = 0; i < requests; i++) Finished($"R{i:D3}", (ulong)i + 10, PendingState.Pending, T0.AddHours(1));
        using var marker = Backend.Open();
        using var responder = Backend.Open();
        PendingState[] answerable = [PendingState.Pending, PendingState.Sent];
        var ids = Enumerable.Range(0, requests).Select(i => $"R{i:D3}").ToList();
        // Deterministic orders first: mark before the read, between the read and the finish, after the finish.
        for (var i = 0; i < 3; i++)
        {
            var id = ids[i];
            if (i == 0) marker.PendingRequests.MarkSent([id]);
            var read = responder.PendingRequests.Find(id)!;
            Assert.Contains(read.State, answerable);
            if (i == 1) marker.PendingRequests.MarkSent([id]);
            Assert.True(responder.PendingRequests.TryTransition(id, answerable, PendingState.Completed, "I0"));
            if (i == 2) Assert.Equal(0, marker.PendingRequests.MarkSent([id]));
        }
        // Then the rest at full speed: marks in batches of 7 on one thread, responses one by one on another.
        var rest = ids.Skip(3).ToList();
        var finished = 0;
        var marks = Task.Run(() =>
        {
            foreach (var batch in rest.Chunk(7)) marker.PendingRequests.MarkSent(batch);
        });
        var responses = Task.Run(() =>
        {
            foreach (var id in rest.AsEnumerable().Reverse())
                if (responder.PendingRequests.Find(id)!.State is PendingState.Pending or PendingState.Sent
                    && responder.PendingRequests.TryTransition(id, answerable, PendingState.Completed, "I0"))
                    Interlocked.Increment(ref finished);
        });
        await Task.WhenAll(marks, responses);

        Assert.Equal(rest.Count, finished);
        Assert.All(ids, id => Assert.Equal(PendingState.Completed, Store.PendingRequests.Find(id)!.State));
    }
}

using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: outcomes an external broker acknowledged are handed over, not deleted. A handed-over row is
/// kept but never claimed, listed or woken; a reconnect makes those handed over within the broker's unsaved window due
/// again; older ones are purged (schema step 13).
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    [StoreFact]
    public void A_handed_over_outcome_is_kept_but_never_claimed_listed_or_woken()
    {
        Assert.True(Store.Outbox.Add(Outcome("HANDED")));
        Assert.True(Store.Outbox.Add(Outcome("WAITING")));
        var at = T0.AddSeconds(1);

        Assert.Equal(1, Store.Outbox.HandOverAll([(DuisMessageKind.Response, "HANDED"), (DuisMessageKind.Response, "GONE")], at));

        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.Response, "HANDED"));
        var later = T0.AddDays(1);
        Assert.Equal(["WAITING"], Store.Outbox.ClaimDue(later, later.AddSeconds(10), 10).Select(m => m.Key));
        // Its lease over, WAITING is due again; HANDED never is.
        Assert.Equal(["WAITING"], Store.Outbox.ClaimDue(later.AddDays(1), later.AddDays(2), 10).Select(m => m.Key));
        Assert.Equal(1, Assert.Single(Store.Outbox.Backlog()).Count);
        // A user's subscription wakes only WAITING (leased until later + 2 days).
        Assert.Equal(1, Store.Outbox.MakeDue(UserEui, later.AddDays(1)));
        Assert.Equal(["WAITING"], Store.Outbox.ClaimDue(later.AddDays(1), later.AddDays(2), 10).Select(m => m.Key));
    }

    // The pass that sent it schedules its next attempt after the broker's PUBACK was recorded: it stays never due.
    [StoreFact]
    public void A_handed_over_outcome_is_not_postponed_into_being_due()
    {
        Assert.True(Store.Outbox.Add(Outcome("HANDED")));
        Assert.Equal(1, Store.Outbox.HandOverAll([(DuisMessageKind.Response, "HANDED")], T0.AddSeconds(1)));

        Assert.False(Store.Outbox.Postpone(DuisMessageKind.Response, "HANDED", T0.AddSeconds(20)));
        Assert.Empty(Store.Outbox.ClaimDue(T0.AddDays(1), T0.AddDays(2), 10));
        Assert.Equal(1, Store.Outbox.ResendHandedOver(T0, T0.AddSeconds(30), 10));
    }

    // A reconnect under load finds a whole window of outcomes handed over: it resends them in bounded batches, oldest
    // hand-over first, and leaves alone what was handed over after it began (to the broker it has just reconnected to).
    [StoreFact]
    public void A_resend_goes_in_batches_of_its_limit_up_to_when_it_began()
    {
        for (var i = 1; i <= 3; i++)
        {
            Assert.True(Store.Outbox.Add(Outcome($"R{i}")));
            Store.Outbox.HandOverAll([(DuisMessageKind.Response, $"R{i}")], T0.AddSeconds(i));
        }
        Assert.True(Store.Outbox.Add(Outcome("AFTER")));
        Store.Outbox.HandOverAll([(DuisMessageKind.Response, "AFTER")], T0.AddSeconds(100));
        var now = T0.AddSeconds(50);

        Assert.Equal(2, Store.Outbox.ResendHandedOver(T0, now, limit: 2));
        Assert.Equal(["R1", "R2"], Store.Outbox.ClaimDue(now, now.AddSeconds(10), 10).Select(m => m.Key).Order());
        Assert.Equal(1, Store.Outbox.ResendHandedOver(T0, now, limit: 2));
        Assert.Equal(0, Store.Outbox.ResendHandedOver(T0, now, limit: 2));
        Assert.Equal(["R3"], Store.Outbox.ClaimDue(now, now.AddSeconds(10), 10).Select(m => m.Key));
        Assert.Equal(1, Store.Outbox.PurgeHandedOver(T0.AddDays(1), 10)); // AFTER, still handed over
    }

    [StoreFact]
    public void A_reconnect_resends_what_was_handed_over_within_the_window_and_the_purge_deletes_only_older_hand_overs()
    {
        foreach (var key in new[] { "OLD", "EDGE", "RECENT", "WAITING" }) Assert.True(Store.Outbox.Add(Outcome(key)));
        Store.Outbox.HandOverAll([(DuisMessageKind.Response, "OLD")], T0.AddSeconds(10));
        Store.Outbox.HandOverAll([(DuisMessageKind.Response, "EDGE")], T0.AddSeconds(30));
        Store.Outbox.HandOverAll([(DuisMessageKind.Response, "RECENT")], T0.AddSeconds(50));
        var now = T0.AddSeconds(60);

        // Made due now, as not handed over: claimed by the next pass with the outcomes due anyway.
        Assert.Equal(2, Store.Outbox.ResendHandedOver(since: T0.AddSeconds(30), now, limit: 10));
        var claimed = Store.Outbox.ClaimDue(now, now.AddSeconds(10), 10);
        Assert.Equal(["EDGE", "RECENT", "WAITING"], claimed.Select(m => m.Key).Order());
        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.Response, "OLD"));

        // OLD is still handed over; the purge is strictly before its cut-off, and bounded by its limit.
        Assert.Equal(0, Store.Outbox.PurgeHandedOver(T0.AddSeconds(10), 10));
        Store.Outbox.HandOverAll([(DuisMessageKind.Response, "EDGE")], T0.AddSeconds(70));
        Assert.Equal(1, Store.Outbox.PurgeHandedOver(T0.AddSeconds(60), 10));
        Assert.Null(Store.Outbox.Find(DuisMessageKind.Response, "OLD"));
        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.Response, "EDGE"));
        Assert.NotNull(Store.Outbox.Find(DuisMessageKind.Response, "RECENT"));

        Store.Outbox.HandOverAll([(DuisMessageKind.Response, "RECENT"), (DuisMessageKind.Response, "WAITING")], T0.AddSeconds(80));
        Assert.Equal(1, Store.Outbox.PurgeHandedOver(T0.AddDays(1), 1));
        Assert.Equal(2, Store.Outbox.PurgeHandedOver(T0.AddDays(1), 10));
        Assert.Empty(Store.Outbox.Backlog());
    }

    [StoreFact]
    public void A_database_at_schema_12_keeps_its_outbox_through_schema_13_with_nothing_handed_over()
    {
        BuildAtSchema(12);
        var blob = this is IPostgresSuite ? "'\\x3C612F3E'::bytea" : "X'3C612F3E'";
        Backend.ExecuteRaw($"""
            INSERT INTO user_outbox (user_eui, kind, delivery_key, xml, digest, created_at, next_attempt_at, attempts)
            VALUES ('{SqlValues.Eui(UserEui)}', 'Response', 'LEGACY', {blob}, {blob}, {SqlValues.Time(T0)}, {SqlValues.Time(T0.AddSeconds(10))}, 1)
            """);

        Assert.Equal(LatestSchema, Store.SchemaVersion);
        Assert.Equal(0, Store.Outbox.ResendHandedOver(T0.AddDays(-1), T0, 10));
        Assert.Equal(0, Store.Outbox.PurgeHandedOver(T0.AddDays(1), 10));
        Assert.Equal("LEGACY", Assert.Single(Store.Outbox.ClaimDue(T0.AddMinutes(1), T0.AddMinutes(2), 10)).Key);
        Assert.Equal(LatestSchema, Reopen().SchemaVersion);
    }
}

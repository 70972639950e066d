using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Schedules;
using CommsHub.Dcc.Storage;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>Storage contract, part: DCC schedules (DUIS section 5).</summary>
public abstract partial class StoreContractTests<TBackend>
{
    private const ulong OtherUserEui = 0x90B3D51F30020000;

    private DccSchedule Schedule(ulong user, DateTimeOffset? next, DateOnly? end = null) =>
        new(0, user, DeviceEui, "4.6.1", ScheduleFrequency.HalfYearly, new DateOnly(2025, 1, 1), end,
            "<sr:CreateSchedule xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"/>", T0, next);

    [StoreFact]
    public void Schedules_get_distinct_ids_are_found_after_reopening_and_list_per_user()
    {
        var a = Store.Schedules.Add(Schedule(UserEui, T0, new DateOnly(2025, 12, 31)));
        var b = Store.Schedules.Add(Schedule(OtherUserEui, T0.AddDays(1)));
        var c = Store.Schedules.Add(Schedule(UserEui, null));

        Assert.Equal(3, new HashSet<long> { a, b, c }.Count);
        var found = Reopen().Schedules.Find(a)!;
        Assert.Equal((a, UserEui, DeviceEui, "4.6.1", ScheduleFrequency.HalfYearly, new DateOnly(2025, 1, 1), (DateOnly?)new DateOnly(2025, 12, 31), T0, (DateTimeOffset?)T0),
            (found.Id, found.User, found.Device, found.Srv, found.Frequency, found.Start, found.End, found.CreatedAt, found.NextRunAt));
        Assert.Contains("CreateSchedule", found.Details, StringComparison.Ordinal);
        Assert.Null(Store.Schedules.Find(c)!.NextRunAt);
        Assert.Equal([a, c], Store.Schedules.OfUser(UserEui).Select(s => s.Id));
        Assert.Null(Store.Schedules.Find(a + b + c + 1000));
    }

    [StoreFact]
    public void Only_the_owner_deletes_a_schedule_and_only_once()
    {
        var id = Store.Schedules.Add(Schedule(UserEui, T0));

        Assert.False(Store.Schedules.Delete(id, OtherUserEui));
        Assert.NotNull(Store.Schedules.Find(id));
        Assert.True(Store.Schedules.Delete(id, UserEui));
        Assert.False(Store.Schedules.Delete(id, UserEui));
        Assert.Null(Store.Schedules.Find(id));
    }

    [StoreFact]
    public void Due_schedules_come_earliest_first_and_each_run_is_claimed_once()
    {
        var late = Store.Schedules.Add(Schedule(UserEui, T0.AddHours(2)));
        var early = Store.Schedules.Add(Schedule(UserEui, T0.AddHours(1)));
        Store.Schedules.Add(Schedule(UserEui, T0.AddHours(3))); // not yet due
        Store.Schedules.Add(Schedule(UserEui, null)); // finished

        Assert.Equal([early, late], Store.Schedules.Due(T0.AddHours(2), 10).Select(s => s.Id));
        Assert.Equal([early], Store.Schedules.Due(T0.AddHours(2), 1).Select(s => s.Id));
        Assert.True(Store.Schedules.Advance(early, T0.AddHours(1), T0.AddDays(1)));
        Assert.False(Reopen().Schedules.Advance(early, T0.AddHours(1), T0.AddDays(1))); // another instance lost the claim
        Assert.True(Store.Schedules.Advance(late, T0.AddHours(2), null));
        Assert.Empty(Store.Schedules.Due(T0.AddHours(2), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.Schedules.Due(T0, 0));
    }

    [StoreFact]
    public void A_claim_is_given_back_from_the_next_run_or_from_finished()
    {
        var daily = Store.Schedules.Add(Schedule(UserEui, T0));
        var last = Store.Schedules.Add(Schedule(UserEui, T0));
        Assert.True(Store.Schedules.Advance(daily, T0, T0.AddDays(1)));
        Assert.True(Store.Schedules.Advance(last, T0, null));

        Assert.False(Store.Schedules.Advance(daily, null, T0)); // not finished: nothing to give back from there
        Assert.True(Store.Schedules.Advance(daily, T0.AddDays(1), T0));
        Assert.False(Store.Schedules.Advance(last, T0.AddDays(1), T0));
        Assert.True(Store.Schedules.Advance(last, null, T0));
        Assert.False(Reopen().Schedules.Advance(last, null, T0)); // given back once
        Assert.Equal([daily, last], Store.Schedules.Due(T0, 10).Select(s => s.Id));
    }

    [StoreFact]
    public void A_runs_request_id_names_its_schedule_after_reopening_and_no_other_does()
    {
        var id = Store.Schedules.Add(Schedule(UserEui, T0));
        Store.Schedules.RecordRun("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:5", id, T0);

        Assert.Equal(id, Reopen().Schedules.ScheduleOfRun("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:5"));
        Assert.Null(Store.Schedules.ScheduleOfRun("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:6"));
    }

    [StoreFact]
    public void Run_records_are_purged_once_old_and_their_request_is_gone_in_bounded_batches()
    {
        var id = Store.Schedules.Add(Schedule(UserEui, T0));
        Store.Schedules.RecordRun("GONE-1", id, T0);
        Store.Schedules.RecordRun("GONE-2", id, T0.AddMinutes(1));
        Store.Schedules.RecordRun("STORED", id, T0);
        Store.Schedules.RecordRun("RECENT", id, T0.AddDays(1));
        Assert.True(Store.PendingRequests.Add(new PendingRequest("STORED", UserEui, DeviceEui, 7, "4.6.1", PendingState.Completed,
            T0, T0.AddMinutes(5), [0xD9])));

        Assert.Equal(1, Store.Schedules.PurgeRuns(T0.AddHours(1), 1));
        Assert.Equal(1, Reopen().Schedules.PurgeRuns(T0.AddHours(1), 10));
        Assert.Equal(0, Store.Schedules.PurgeRuns(T0.AddHours(1), 10));

        Assert.Null(Store.Schedules.ScheduleOfRun("GONE-1"));
        Assert.Null(Store.Schedules.ScheduleOfRun("GONE-2"));
        Assert.Equal(id, Store.Schedules.ScheduleOfRun("STORED")); // its request is still stored
        Assert.Equal(id, Store.Schedules.ScheduleOfRun("RECENT")); // not yet old enough
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.Schedules.PurgeRuns(T0, 0));
    }
}

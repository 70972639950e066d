using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>Storage contract, part: deleting finished pending requests past their retention.</summary>
public abstract partial class StoreContractTests<TBackend>
{
    private PendingRequest Finished(string requestId, ulong counter, PendingState state, DateTimeOffset deadline)
    {
        var request = new PendingRequest(requestId, UserEui, DeviceEui, counter, "4.1.1", state, deadline.AddMinutes(-1), deadline, [0xD9, 0x01]);
        Assert.True(Store.PendingRequests.Add(request));
        return request;
    }

    [StoreFact]
    public void Purge_deletes_only_finished_requests_whose_deadline_is_before_the_cutoff()
    {
        var cutoff = T0.AddDays(7);
        var old = T0.AddHours(1);
        Finished("COMPLETED", 1, PendingState.Completed, old);
        Finished("FAILED", 2, PendingState.Failed, old);
        Finished("TIMEDOUT", 3, PendingState.TimedOut, old);
        Finished("REJECTED", 4, PendingState.Rejected, old);
        // Unfinished, however old: never deleted.
        Finished("QUARANTINED", 5, PendingState.Quarantined, old);
        Finished("PENDING", 6, PendingState.Pending, old);
        Finished("SENT", 7, PendingState.Sent, old);
        // Finished, but not yet past the retention (deadline == cutoff is kept).
        Finished("RECENT", 8, PendingState.Completed, cutoff);

        Assert.Equal(4, Store.PendingRequests.PurgeFinished(cutoff, 100));

        foreach (var gone in new[] { "COMPLETED", "FAILED", "TIMEDOUT", "REJECTED" }) Assert.Null(Reopen().PendingRequests.Find(gone));
        foreach (var kept in new[] { "QUARANTINED", "PENDING", "SENT", "RECENT" }) Assert.NotNull(Store.PendingRequests.Find(kept));
        Assert.Equal(0, Store.PendingRequests.PurgeFinished(cutoff, 100));
        // The device's originator counter of a purged request can be used again.
        Assert.True(Store.PendingRequests.Add(new PendingRequest("AGAIN", UserEui, DeviceEui, 1, "4.1.1", PendingState.Pending, cutoff, cutoff.AddMinutes(1), [0xD9])));
    }

    [StoreFact]
    public void Finished_purge_takes_at_most_the_limit_oldest_deadline_first()
    {
        Finished("R3", 3, PendingState.Completed, T0.AddMinutes(3));
        Finished("R1", 1, PendingState.TimedOut, T0.AddMinutes(1));
        Finished("R2", 2, PendingState.Failed, T0.AddMinutes(2));
        var cutoff = T0.AddHours(1);

        Assert.Equal(2, Store.PendingRequests.PurgeFinished(cutoff, 2));
        Assert.NotNull(Store.PendingRequests.Find("R3")); // the latest deadline waits for the next purge
        Assert.Equal(1, Store.PendingRequests.PurgeFinished(cutoff, 2));
        Assert.Null(Store.PendingRequests.Find("R3"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.PendingRequests.PurgeFinished(cutoff, 0));
    }
}

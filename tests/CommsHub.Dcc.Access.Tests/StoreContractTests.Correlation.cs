using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>Storage contract, part: the correlation key of pending requests (device, command originator, counter).</summary>
public abstract partial class StoreContractTests<TBackend>
{
    private const ulong OtherUser = 0x90B3D51F30020000, Acb = 0x90B3D51F30000002;

    private PendingRequest Sent(string requestId, ulong user, ulong counter, ulong? commandOriginator = null) =>
        new(requestId, user, DeviceEui, counter, "4.1.1", PendingState.Sent, T0, T0.AddMinutes(1), [0xD9, 0x01], null, commandOriginator);

    [StoreFact]
    public void Two_originators_may_hold_the_same_counter_on_one_device_and_each_finds_its_own()
    {
        Assert.True(Store.PendingRequests.Add(Sent("MINE", UserEui, 5)));
        Assert.True(Store.PendingRequests.Add(Sent("THEIRS", OtherUser, 5)));
        Assert.False(Store.PendingRequests.Add(Sent("AGAIN", UserEui, 5))); // same originator, device and counter
        Assert.True(Store.PendingRequests.Add(Sent("ACB", UserEui, 6, commandOriginator: Acb)));

        Assert.Equal("MINE", Store.PendingRequests.FindByCorrelation(DeviceEui, UserEui, 5)!.RequestId);
        Assert.Equal("THEIRS", Reopen().PendingRequests.FindByCorrelation(DeviceEui, OtherUser, 5)!.RequestId);
        Assert.Null(Store.PendingRequests.FindByCorrelation(DeviceEui, Acb, 5));
        var acb = Store.PendingRequests.FindByCorrelation(DeviceEui, Acb, 6)!;
        Assert.Equal(("ACB", (ulong?)Acb), (acb.RequestId, acb.CommandOriginator));
        Assert.Null(Store.PendingRequests.FindByCorrelation(DeviceEui, UserEui, 6)); // the ACB's command answers the ACB
        Assert.Null(Store.PendingRequests.Find("MINE")!.CommandOriginator); // the user's own command
    }

    [StoreFact]
    public void A_pending_request_from_before_schema_7_correlates_by_device_and_counter_as_it_did()
    {
        BuildAtSchema(6);
        var blob = this is IPostgresSuite ? "'\\xD901'::bytea" : "X'D901'";
        Backend.ExecuteRaw($"""
            INSERT INTO pending_requests (request_id, user_eui, device_eui, originator_counter, srv, state, created_at, deadline, gbcs, response_code)
            VALUES ('LEGACY', '{SqlValues.Eui(UserEui)}', '{SqlValues.Eui(DeviceEui)}', {SqlValues.Counter(9)}, '4.1.1', 'Sent',
                {SqlValues.Time(T0)}, {SqlValues.Time(T0.AddMinutes(1))}, {blob}, NULL)
            """);

        Assert.Equal(LatestSchema, Store.SchemaVersion);
        // Its originator was not recorded: any originator finds it, as before.
        Assert.Equal("LEGACY", Store.PendingRequests.FindByCorrelation(DeviceEui, Acb, 9)!.RequestId);
        Assert.Null(Store.PendingRequests.Find("LEGACY")!.CommandOriginator);
        // A new request with that counter is accepted, and its originator's lookups prefer it.
        Assert.True(Store.PendingRequests.Add(Sent("NEW", OtherUser, 9)));
        Assert.Equal("NEW", Store.PendingRequests.FindByCorrelation(DeviceEui, OtherUser, 9)!.RequestId);
        Assert.Equal("LEGACY", Store.PendingRequests.FindByCorrelation(DeviceEui, UserEui, 9)!.RequestId);
    }
}

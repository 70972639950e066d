using CommsHub.Dcc.Access.Tests.Backends;
using Xunit;
using static CommsHub.Dcc.Access.Tests.World;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Threshold Anomaly Detection through <see cref="AccessControl"/> with each counting mode on each backend: thresholds
/// per user and SRV, quarantine and alert on a breach, what counts, and what several instances on one database see.
/// </summary>
public abstract class AnomalyCountingTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    private static readonly ulong Supplier = UserFor(UserRole.ImportSupplier), Distributor = UserFor(UserRole.ElectricityDistributor);

    /// <summary>The mode under test.</summary>
    protected abstract AnomalyCounting Counting { get; }

    private bool Shared => Counting == AnomalyCounting.Shared;

    private AccessControlOptions Options() => new()
    {
        Anomaly = new AnomalyOptions
        {
            Window = TimeSpan.FromMinutes(10),
            BucketWidth = TimeSpan.FromMinutes(1),
            DefaultMaxRequests = 5,
            Counting = Counting,
            Thresholds =
            {
                new AnomalyThreshold { UserEui = Supplier, Srv = "4.1.1", MaxRequests = 2 },
                new AnomalyThreshold { UserEui = Supplier, MaxRequests = 3 },
                new AnomalyThreshold { Srv = "4.1.2", MaxRequests = 4 },
            },
        },
    };

    private static AccessOutcome Send(World w, ulong user, string srv = "4.1.1", AccessControl? via = null) =>
        (via ?? w.Access).Check(w.Request(user, srv, Esme)).Outcome;

    [StoreFact]
    public void Each_user_and_SRV_trips_at_its_own_threshold_with_a_quarantine_and_an_alert()
    {
        var w = new World(Store, Options());
        (ulong User, string Srv, int Max)[] keys =
        [
            (Supplier, "4.1.1", 2), // user and SRV
            (Supplier, "4.1.2", 3), // user, before SRV
            (Distributor, "4.1.2", 4), // SRV
            (Distributor, "4.1.1", 5), // default
        ];
        foreach (var (user, srv, max) in keys)
        {
            for (var i = 0; i < max; i++) Assert.Equal(AccessOutcome.Accepted, Send(w, user, srv));
            var held = w.Check(w.Request(user, srv, Esme));
            Assert.Equal((ResponseCodes.I99, AccessOutcome.Quarantined), (held.ResponseCode, held.Outcome));
            var alert = w.Alerts.All[^1];
            Assert.Equal((user, srv, held.QuarantineId!.Value), (alert.UserEui, alert.Srv, alert.QuarantineId));
            Assert.Contains($"{max + 1} requests for {srv}", alert.Message);
        }
        Assert.Equal(keys.Length, w.Alerts.All.Count);
        Assert.Equal(keys.Length, Store.Quarantines.ListOpen().Count);
    }

    [StoreFact]
    public void Refused_requests_do_not_count_and_a_release_starts_afresh()
    {
        var w = new World(Store, Options());
        for (var i = 0; i < 4; i++)
        {
            var refused = w.Check(w.Request(Supplier, "4.1.1", Esme, cv: 1, endpoint: DuisEndpoint.ServiceT));
            Assert.Equal(ResponseCodes.E13, refused.ResponseCode);
        }
        Assert.Equal(AccessOutcome.Accepted, Send(w, Supplier));
        Assert.Equal(AccessOutcome.Accepted, Send(w, Supplier));
        var held = w.Check(w.Request(Supplier, "4.1.1", Esme)).QuarantineId!.Value;
        for (var i = 0; i < 3; i++) Assert.Equal(AccessOutcome.Quarantined, Send(w, Supplier));

        w.Access.Anomalies.Release(held, "alice");
        Assert.Equal(AccessOutcome.Accepted, Send(w, Supplier));
        Assert.Equal(AccessOutcome.Accepted, Send(w, Supplier));
        Assert.Equal(AccessOutcome.Quarantined, Send(w, Supplier));
    }

    [StoreFact]
    public void Instances_on_one_database_share_the_count_only_when_counting_is_shared()
    {
        var w = new World(Store, Options());
        using var other = Backend.Open(); // a second adapter instance: own connections, own access control
        var second = new AccessControl(other, Options(), w.Alerts, w.Clock);

        Assert.Equal(AccessOutcome.Accepted, Send(w, Supplier));
        Assert.Equal(AccessOutcome.Accepted, Send(w, Supplier, via: second));
        // The threshold is 2: shared, the user's third request trips it wherever it arrives; in-process, each instance
        // sees only its own share, so it takes the fifth (the third at one instance).
        Assert.Equal(Shared ? AccessOutcome.Quarantined : AccessOutcome.Accepted, Send(w, Supplier));
        Assert.Equal(Shared ? AccessOutcome.Quarantined : AccessOutcome.Accepted, Send(w, Supplier, via: second));
        Assert.Equal(AccessOutcome.Quarantined, Send(w, Supplier));

        // One quarantine either way (it is in the store). Its release through the other instance restarts the shared
        // count; in-process it only clears that instance's memory, and the first instance trips again at once.
        var episode = Assert.Single(Store.Quarantines.ListOpen());
        second.Anomalies.Release(episode.Id, "bob");
        Assert.Equal(Shared ? AccessOutcome.Accepted : AccessOutcome.Quarantined, Send(w, Supplier));
        Assert.Equal(Shared ? AccessOutcome.Accepted : AccessOutcome.Quarantined, Send(w, Supplier, via: second));
    }

    [StoreFact]
    public void Requests_rolled_back_with_their_unit_of_work_stay_counted_only_in_process()
    {
        var w = new World(Store, Options());
        using (Store.BeginUnitOfWork())
        {
            Assert.Equal(AccessOutcome.Accepted, Send(w, Supplier));
            Assert.Equal(AccessOutcome.Accepted, Send(w, Supplier));
        } // not committed: the requests failed and may be sent again
        Assert.Equal(Shared ? AccessOutcome.Accepted : AccessOutcome.Quarantined, Send(w, Supplier));
    }
}

public sealed class SqliteInProcessAnomalyCountingTests : AnomalyCountingTests<SqliteBackend>
{
    /// <inheritdoc/>
    protected override AnomalyCounting Counting => AnomalyCounting.InProcess;
}

public sealed class SqliteSharedAnomalyCountingTests : AnomalyCountingTests<SqliteBackend>
{
    /// <inheritdoc/>
    protected override AnomalyCounting Counting => AnomalyCounting.Shared;
}

public sealed class PostgresInProcessAnomalyCountingTests : AnomalyCountingTests<PostgresBackend>, IPostgresSuite
{
    /// <inheritdoc/>
    protected override AnomalyCounting Counting => AnomalyCounting.InProcess;
}

public sealed class PostgresSharedAnomalyCountingTests : AnomalyCountingTests<PostgresBackend>, IPostgresSuite
{
    /// <inheritdoc/>
    protected override AnomalyCounting Counting => AnomalyCounting.Shared;
}

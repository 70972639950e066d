using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Storage;
using Xunit;
using static CommsHub.Dcc.Access.Tests.World;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>Quarantine on breach, operator release and rejection, on each backend.</summary>
public abstract class AnomalyTests<TBackend> : StoreTestBase<TBackend> where TBackend : IStoreBackend, new()
{
    private static readonly ulong Supplier = UserFor(UserRole.ImportSupplier);

    private World NewWorld() => new(Store, new AccessControlOptions
    {
        Anomaly = new AnomalyOptions
        {
            Window = TimeSpan.FromMinutes(10),
            Thresholds = { new AnomalyThreshold { UserEui = Supplier, Srv = "4.1.1", MaxRequests = 3 } },
        },
    });

    [StoreFact]
    public void Breach_quarantines_further_requests_and_alerts_an_operator_who_releases_them()
    {
        var w = NewWorld();
        for (var i = 0; i < 3; i++) Assert.True(w.Check(w.Request(Supplier, "4.1.1", Esme)).IsAccepted);

        var fourth = w.Request(Supplier, "4.1.1", Esme);
        var held = w.Check(fourth);
        Assert.Equal((ResponseCodes.I99, AccessOutcome.Quarantined), (held.ResponseCode, held.Outcome));
        Assert.False(held.IsAccepted);
        var alert = Assert.Single(w.Alerts.All);
        Assert.Equal((Supplier, "4.1.1", held.QuarantineId!.Value), (alert.UserEui, alert.Srv, alert.QuarantineId));
        Assert.Contains("4 requests", alert.Message);

        // Further requests of that user for that SRV are held too, even after the window has passed.
        w.Clock.Now = Now.AddHours(1);
        var fifth = w.Request(Supplier, "4.1.1", Esme);
        Assert.Equal(held.QuarantineId, w.Check(fifth).QuarantineId);
        Assert.Single(w.Alerts.All);
        // Other SRVs of the same user, and other users, are not affected.
        Assert.True(w.Check(w.Request(Supplier, "4.1.2", Esme)).IsAccepted);
        Assert.True(w.Check(w.Request(UserRole.ElectricityDistributor, "4.1.1", Esme)).IsAccepted);

        // The quarantine is shared state: a restarted adapter sees it.
        var episode = Assert.Single(Reopen().Quarantines.ListOpen());
        Assert.Equal(held.QuarantineId, episode.Id);

        var desk = new AccessControl(Store).Anomalies; // another instance's operator desk
        var resolution = desk.Release(episode.Id, "alice");
        Assert.Equal([fourth.RequestId.ToString(), fifth.RequestId.ToString()], resolution.HeldRequestIds);
        Assert.Equal(ResponseCodes.I99, resolution.ResponseCode);
        Assert.Equal(QuarantineState.Released, Store.Quarantines.Get(episode.Id)!.State);
        var released = Store.Audit.ForRequest(fourth.RequestId.ToString());
        Assert.Equal([AccessOutcome.Quarantined, AccessOutcome.Accepted], released.Select(e => e.Outcome));
        Assert.Equal("operator:alice", released[1].Actor);
        Assert.Throws<InvalidOperationException>(() => desk.Release(episode.Id, "bob"));
        Assert.Empty(Store.Quarantines.ListOpen());
    }

    [StoreFact]
    public void Rejected_quarantine_answers_E3_and_release_restarts_the_window()
    {
        var w = NewWorld();
        for (var i = 0; i < 3; i++) w.Check(w.Request(Supplier, "4.1.1", Esme));
        var held = w.Check(w.Request(Supplier, "4.1.1", Esme));
        var rejection = w.Access.Anomalies.Reject(held.QuarantineId!.Value, "carol");
        Assert.Equal(ResponseCodes.E3, rejection.ResponseCode);
        var entry = Store.Audit.ForRequest(rejection.HeldRequestIds[0])[^1];
        Assert.Equal((ResponseCodes.E3, AccessOutcome.Rejected, "operator:carol"), (entry.ResponseCode, entry.Outcome, entry.Actor));

        // Rejection does not vouch for the burst: the window still holds it, so the next request trips again.
        var again = w.Check(w.Request(Supplier, "4.1.1", Esme));
        Assert.Equal(AccessOutcome.Quarantined, again.Outcome);
        Assert.NotEqual(held.QuarantineId, again.QuarantineId);
        w.Access.Anomalies.Release(again.QuarantineId!.Value, "carol");
        Assert.True(w.Check(w.Request(Supplier, "4.1.1", Esme)).IsAccepted);
        Assert.Equal(2, w.Alerts.All.Count);
    }

    [StoreFact]
    public void Sliding_window_forgets_requests_older_than_the_window()
    {
        var w = NewWorld();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(w.Check(w.Request(Supplier, "4.1.1", Esme)).IsAccepted);
            w.Clock.Now += TimeSpan.FromMinutes(4);
        }
        // Now = +12 min: the first request (at +0) has left the 10-minute window; two remain.
        Assert.True(w.Check(w.Request(Supplier, "4.1.1", Esme)).IsAccepted);
        Assert.Equal(AccessOutcome.Quarantined, w.Check(w.Request(Supplier, "4.1.1", Esme)).Outcome);
    }
}

public sealed class SqliteAnomalyTests : AnomalyTests<SqliteBackend>;

public sealed class PostgresAnomalyTests : AnomalyTests<PostgresBackend>, IPostgresSuite;

using System.Net;
using System.Text.Json;
using CommsHub.Cloud.Adapter;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>The operator endpoints over real HTTP, with the operator token: alerts, open quarantines, release, 404.</summary>
[Collection(CloudCollection.Name)]
public sealed class OperatorEndpointTests(CloudFixture cloud)
{
    private async Task<(HttpStatusCode Status, JsonElement Json)> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default);
    }

    [SharedDataFact]
    public async Task Lists_alerts_and_quarantines_releases_and_404s_unknown_ids()
    {
        var store = cloud.App.Services.GetRequiredService<IDccStore>();
        const ulong user = 0x02C04B0000010000UL;
        var now = DateTimeOffset.UtcNow;
        var episode = store.Quarantines.Open(user, "4.1.1", now, "test breach");
        Assert.True(store.Quarantines.Hold(episode.Id, "no-such-request", now));
        cloud.App.Services.GetRequiredService<LoggingOperatorAlerts>()
            .Raise(new OperatorAlert(now, "anomaly-quarantine", user, "4.1.1", episode.Id, "test alert"));

        var (status, alerts) = await JsonAsync(await cloud.Operator.GetAsync("/api/v1/operator/alerts"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("quarantineId").GetInt64() == episode.Id
            && a.GetProperty("user").GetString() == "02C04B0000010000");

        (status, var open) = await JsonAsync(await cloud.Operator.GetAsync("/api/v1/operator/quarantines"));
        Assert.Equal(HttpStatusCode.OK, status);
        var listed = Assert.Single(open.EnumerateArray(), q => q.GetProperty("id").GetInt64() == episode.Id);
        Assert.Equal("open", listed.GetProperty("state").GetString());
        Assert.Equal("no-such-request", Assert.Single(listed.GetProperty("held").EnumerateArray()).GetString());

        var missing = await cloud.Operator.PostAsync($"/api/v1/operator/quarantines/{episode.Id + 100000}/release", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        (status, var released) = await JsonAsync(await cloud.Operator.PostAsync($"/api/v1/operator/quarantines/{episode.Id}/release?operator=alice", null));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("released", released.GetProperty("state").GetString());
        Assert.Equal("I99", released.GetProperty("responseCode").GetString());
        Assert.Equal("no-such-request", Assert.Single(released.GetProperty("skipped").EnumerateArray()).GetString());
        Assert.Equal(("alice", QuarantineState.Released), (store.Quarantines.Get(episode.Id)!.ResolvedBy, store.Quarantines.Get(episode.Id)!.State));

        (status, open) = await JsonAsync(await cloud.Operator.GetAsync("/api/v1/operator/quarantines"));
        Assert.DoesNotContain(open.EnumerateArray(), q => q.GetProperty("id").GetInt64() == episode.Id);
        var conflict = await cloud.Operator.PostAsync($"/api/v1/operator/quarantines/{episode.Id}/reject", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }
}

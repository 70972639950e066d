using System.Net;
using System.Text.Json;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;
using Microsoft.Extensions.Options;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>Anomaly thresholds from <c>CommsHub:Anomaly</c>: bound into the host's access control and validated.</summary>
public sealed class AnomalyConfigurationTests
{
    // Unset, counting follows the store: several instances share a PostgreSQL database, so their counts must be shared too.
    [Theory]
    [InlineData(null, true, CommsHub.Dcc.Access.AnomalyCounting.Shared)]
    [InlineData(null, false, CommsHub.Dcc.Access.AnomalyCounting.InProcess)]
    [InlineData(CommsHub.Dcc.Access.AnomalyCounting.InProcess, true, CommsHub.Dcc.Access.AnomalyCounting.InProcess)]
    [InlineData(CommsHub.Dcc.Access.AnomalyCounting.Shared, false, CommsHub.Dcc.Access.AnomalyCounting.Shared)]
    public void Unset_counting_is_shared_on_postgres_and_in_process_on_sqlite(CommsHub.Dcc.Access.AnomalyCounting? configured, bool postgres,
        CommsHub.Dcc.Access.AnomalyCounting effective) =>
        Assert.Equal(effective, new Configuration.AnomalySettings { Counting = configured }.ToOptions(sharedStore: postgres).Counting);

    // InProcess counts in this instance's memory; Shared counts in the database (migration 6), as scaled-out instances do.
    [SharedDataTheory]
    [InlineData("InProcess")]
    [InlineData("Shared")]
    public async Task A_configured_low_threshold_quarantines_the_next_request_and_the_operator_lists_it(string counting)
    {
        const int max = 2;
        var dir = Path.Combine(Path.GetTempPath(), "commshub-anomaly-" + Guid.NewGuid().ToString("N"));
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir,
                "--CommsHub:Anomaly:Window=00:10:00", $"--CommsHub:Anomaly:Counting={counting}",
                $"--CommsHub:Anomaly:Thresholds:0:UserEui={Eui(DemoIdentities.Supplier)}",
                "--CommsHub:Anomaly:Thresholds:0:Srv=4.1.1",
                $"--CommsHub:Anomaly:Thresholds:0:MaxRequests={max}"),
            console: TextWriter.Null);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(app)[0]), Timeout = TimeSpan.FromSeconds(15) };
            var counters = new List<ulong>();
            for (var i = 0; i <= max; i++)
            {
                var counter = DuisRequests.NextCounter();
                counters.Add(counter);
                var content = new ByteArrayContent(DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, counter));
                content.Headers.ContentType = new("application/xml");
                var response = await http.PostAsync("/api/v1/serviceS", content);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("<sr:ResponseCode>I99</sr:ResponseCode>", await response.Content.ReadAsStringAsync());
            }

            using var operatorHttp = CloudFixture.OperatorClient(app, dir);
            var open = JsonDocument.Parse(await operatorHttp.GetStringAsync("/api/v1/operator/quarantines")).RootElement;
            var quarantine = Assert.Single(open.EnumerateArray());
            Assert.Equal(Eui(DemoIdentities.Supplier), quarantine.GetProperty("user").GetString());
            Assert.Equal("4.1.1", quarantine.GetProperty("srv").GetString());
            var held = Assert.Single(quarantine.GetProperty("held").EnumerateArray()).GetString()!;
            Assert.EndsWith($":{counters[max]}", held); // the N+1th, and only it

            // Shared counting keeps its buckets in the database; in-process counting writes none there.
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "commshub.db")};Mode=ReadOnly");
            db.Open();
            using var query = db.CreateCommand();
            query.CommandText = "SELECT COUNT(*) FROM anomaly_counts";
            var buckets = Convert.ToInt64(query.ExecuteScalar());
            if (counting == "Shared") Assert.True(buckets > 0, "no anomaly_counts rows with Shared counting");
            else Assert.Equal(0, buckets);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Theory]
    [InlineData("--CommsHub:Anomaly:DefaultMaxRequests", "0", "Anomaly:DefaultMaxRequests")]
    [InlineData("--CommsHub:Anomaly:Window", "00:00:00", "Anomaly:Window")]
    [InlineData("--CommsHub:Anomaly:BucketWidth", "02:00:00", "Anomaly:BucketWidth")]
    [InlineData("--CommsHub:Anomaly:BucketWidth", "00:00:00", "Anomaly:BucketWidth")]
    [InlineData("--CommsHub:Anomaly:Thresholds:0:MaxRequests", "-1", "Anomaly:Thresholds:0:MaxRequests")]
    public void Invalid_anomaly_settings_stop_the_start(string key, string value, string named)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-cfg-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<OptionsValidationException>(() => CloudApp.Create(["--data-dir", dir, key, value,
            "--CommsHub:Anomaly:Thresholds:0:Srv=4.1.1"]));
        Assert.Contains(named, string.Join(" ", ex.Failures));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_threshold_user_that_is_not_a_contract_eui_stops_the_start()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-cfg-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<OptionsValidationException>(() => CloudApp.Create(["--data-dir", dir,
            "--CommsHub:Anomaly:Thresholds:0:UserEui=02c04b0000010000", "--CommsHub:Anomaly:Thresholds:0:MaxRequests=5"]));
        Assert.Contains("Anomaly:Thresholds:0:UserEui", string.Join(" ", ex.Failures));
    }

    private static string Eui(ulong eui) => eui.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
}

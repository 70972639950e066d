using System.Net.Http.Headers;
using System.Text;
using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Npgsql;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// Two adapter instances in External mode on one Mosquitto share group and one PostgreSQL database (DESIGN.md
/// Scale-out): requests decided and dispatched by instance A have their responses correlated by whichever instance
/// the broker hands the up frame to, B included, and each request gets exactly one I0. Needs <c>COMMSHUB_POSTGRES</c>
/// (<c>.ci/postgres-setup.sh</c>) and Mosquitto; skipped otherwise.
/// </summary>
public sealed class TwoInstancesOnPostgresTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static void Provision(string dir) =>
        ((IDisposable)CloudApp.Create(CloudFixture.LoopbackArguments(dir, "--Logging:LogLevel:Default=Critical"), console: TextWriter.Null)).Dispose();

    private static void Run(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static int Delivered(LogCapture logs) => logs.Lines.Count(l => l.Contains("/up: Delivered", StringComparison.Ordinal));

    [MosquittoPostgresFact]
    public async Task Responses_to_requests_instance_A_sent_are_correlated_by_instance_B_and_answered_once()
    {
        var admin = CloudPostgres.Required;
        var schema = "t_" + Guid.NewGuid().ToString("N");
        Run(admin, $"CREATE SCHEMA {schema}");
        var database = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ToString();
        try
        {
            await using var rig = await MosquittoRig.StartAsync(Provision);
            string[] shared = ["--postgres", database, "--Logging:LogLevel:CommsHub.Cloud.Adapter.HubUplink=Debug"];
            var logsA = new LogCapture();
            var logsB = new LogCapture();
            var a = await rig.StartAdapterAsync(rig.AdapterArguments("adapter-a", "unused-a.db", [.. shared, "--demo", "--demo-hubs", "1"]), logsA);
            var demo = a.Services.GetRequiredService<DemoLauncher>();
            await demo.Joining.WaitAsync(Wait);
            // A meter can finish joining before A has correlated its 8.11's CCS01 response (the hub publishes the answer
            // and lets the meter in at once): wait for every join's Delivered before counting, or a late one counts as
            // one of the requests below (CI saw 13 of 12).
            var demoMeters = demo.Hubs.Sum(h => h.Meters.Count);
            var deadline = DateTime.UtcNow + Wait;
            while (Delivered(logsA) < demoMeters && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.Equal(demoMeters, Delivered(logsA));
            await rig.StartAdapterAsync(rig.AdapterArguments("adapter-b", "unused-b.db", shared), logsB);

            var supplier = Eui64.ToText(DemoIdentities.Supplier);
            await using var user = await MqttTestClient.ConnectAsync(rig.Port, supplier, rig.Credentials.SecretOf(supplier), supplier);
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
            using var http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(a)[0]), Timeout = TimeSpan.FromSeconds(30) };

            // The demo's own joins (8.11, answered before B started) were correlated by A.
            var joins = Delivered(logsA);
            const int Requests = 12;
            var ids = new HashSet<string>();
            var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 + 999;
            for (var i = 0; i < Requests; i++)
            {
                var request = DuisRequests.Unsigned(DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, start + (ulong)i);
                using (var signer = DuisRequests.Signer(rig.DataDirectory, DemoIdentities.Supplier)) DuisSignature.Sign(request, signer);
                ids.Add(DuisResponses.Field(request, "RequestID"));
                // Over HTTP to instance A: A decides, persists and publishes every command.
                using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.OuterXml));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                using var response = await http.PostAsync("/api/v1/serviceS", content);
                Assert.Equal("I99", DuisResponses.Code(DuisResponses.VerifyDspSigned(rig.DataDirectory, await response.Content.ReadAsByteArrayAsync())));
            }

            var answers = new Dictionary<string, List<string>>();
            while (answers.Values.Count(codes => codes.Contains("I0")) < Requests && user.Next(Wait) is { } message)
            {
                var answer = DuisResponses.VerifyDspSigned(rig.DataDirectory, message.Payload);
                if (answer.GetElementsByTagName("RequestID", DuisNamespaces.ServiceUserGateway) is { Count: 1 } found && ids.Contains(found[0]!.InnerText))
                    (answers.TryGetValue(found[0]!.InnerText, out var list) ? list : answers[found[0]!.InnerText] = []).Add(DuisResponses.Code(answer));
            }

            Assert.Equal(ids.Order(), answers.Keys.Order());
            Assert.All(answers.Values, codes => Assert.Equal(["I0"], codes));
            Assert.Equal(Requests, Delivered(logsA) - joins + Delivered(logsB));
            Assert.True(Delivered(logsB) > 0, $"instance B correlated none of the {Requests} responses (A: {Delivered(logsA)})");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Run(admin, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }
}

/// <summary>A fact that needs Mosquitto, the shared data and <c>COMMSHUB_POSTGRES</c>; skipped with the reason otherwise.</summary>
public sealed class MosquittoPostgresFactAttribute : FactAttribute
{
    /// <summary>Skips when one of them is missing.</summary>
    public MosquittoPostgresFactAttribute()
    {
        if (MosquittoProcess.Skip is { } mosquitto) Skip = mosquitto;
        else if (!SharedData.Available) Skip = SharedData.SkipReason;
        else if (CloudPostgres.SkipReason("the two-instance test") is { } reason) Skip = reason;
    }
}

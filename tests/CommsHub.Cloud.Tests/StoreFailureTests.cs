using System.Net;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>A request the store cannot record gets 503 with Retry-After and a clear message; the service stays up.</summary>
public sealed class StoreFailureTests
{
    [SharedDataFact]
    public async Task A_store_whose_writer_stays_busy_answers_503_and_the_next_request_goes_through()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-store-failure-" + Guid.NewGuid().ToString("N"));
        var app = CloudApp.Create(CloudFixture.LoopbackArguments(dir,
                "--Logging:LogLevel:Default=Critical", "--CommsHub:Storage:Sqlite:BusyTimeout=00:00:00.300"),
            console: TextWriter.Null);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(app)[0]), Timeout = TimeSpan.FromSeconds(15) };
            var store = app.Services.GetRequiredService<IDccStore>();
            async Task<HttpResponseMessage> Post(ulong counter)
            {
                var content = new ByteArrayContent(DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, counter));
                content.Headers.ContentType = new("application/xml");
                return await http.PostAsync("/api/v1/serviceS", content);
            }

            // Another writer holds the store's writer connection for longer than the busy timeout.
            using var writer = new HeldWriter(store);

            var refused = await Post(DuisRequests.NextCounter());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
            var text = await refused.Content.ReadAsStringAsync();
            Assert.Contains("store failed", text);
            Assert.Contains("new RequestID counter", text);

            writer.Release();
            var answered = await Post(DuisRequests.NextCounter());
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Contains("<sr:ResponseCode>I99</sr:ResponseCode>", await answered.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using CommsHub.Cloud.Http;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The DUIS endpoints over real HTTP: bad input gets a clear 4xx or a signed DUIS E1, nothing in the data directory
/// changes, the service keeps answering; a valid signed request gets a signed I99.
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class DuisHttpTests(CloudFixture cloud)
{
    private const string ServiceS = "/api/v1/serviceS";

    private static HttpContent Xml(byte[] body, string type = "application/xml")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    private static HttpContent Xml(string body) => Xml(Encoding.UTF8.GetBytes(body));

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(HttpContent content, string path = ServiceS)
    {
        var response = await cloud.Http.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>Runs <paramref name="act"/> and asserts the data directory is unchanged and /health still answers.</summary>
    private async Task AssertNothingPersisted(Func<Task> act)
    {
        var before = cloud.Snapshot();
        await act();
        Assert.Equal(before, cloud.Snapshot());
        Assert.Equal(HttpStatusCode.OK, (await cloud.Http.GetAsync("/health")).StatusCode);
    }

    private byte[] Valid(ulong? counter = null) =>
        DuisRequests.Signed(cloud.DataDirectory, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, counter);

    [SharedDataFact]
    public void Start_banner_names_http_mqtt_data_and_operator_api_one_line_each()
    {
        var lines = cloud.Banner.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("commshub: http http://127.0.0.1:", lines[0]);
        Assert.StartsWith($"commshub: mqtt mqtt://127.0.0.1:{cloud.MqttPort} ", lines[1]);
        Assert.StartsWith($"commshub: data {cloud.DataDirectory} (identities: minted", lines[2]);
        Assert.Matches(@"^commshub: operator http://127\.0\.0\.1:\d+/api/v1/operator \(Authorization: Bearer <token>, token generated in ", lines[3]);
    }

    [SharedDataFact]
    public async Task A_valid_signed_request_gets_a_signed_I99_that_verifies_with_the_dsp_certificate()
    {
        var counter = DuisRequests.NextCounter();
        var (status, body, response) = await PostAsync(Xml(Valid(counter)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var doc = DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes(body));
        Assert.Equal("I99", DuisResponses.Code(doc));
        Assert.Equal($"02-C0-4B-00-00-01-00-00:02-C0-4B-10-00-00-01-A0:{counter}", DuisResponses.Field(doc, "RequestID"));
        Assert.Equal("4.1.1", DuisResponses.Field(doc, "ServiceReferenceVariant"));
    }

    [SharedDataFact]
    public async Task Concurrent_requests_are_decided_through_the_batcher_and_each_gets_its_own_signed_answer()
    {
        var batcher = cloud.App.Services.GetRequiredService<Dcc.Pipeline.DecisionBatcher>();
        var store = cloud.App.Services.GetRequiredService<Dcc.Storage.IDccStore>();
        var decidedBefore = batcher.Requests;
        var counters = Enumerable.Range(0, 24).Select(_ => DuisRequests.NextCounter()).ToList();
        var bodies = counters.Select(c => Valid(c)).ToList();

        var answers = await Task.WhenAll(bodies.Select(async b =>
        {
            var (status, body, response) = await PostAsync(Xml(b));
            Assert.Equal(HttpStatusCode.OK, status);
            var doc = DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes(body));
            var reject = response.Headers.TryGetValues(DuisHttpEndpoints.RejectHeader, out var values) ? values.Single() : null;
            return (Code: DuisResponses.Code(doc), RequestId: DuisResponses.Field(doc, "RequestID")!, Reject: reject);
        }));

        // Concurrent requests of one user reach the replay guard in any order: a counter overtaken by a higher one is
        // answered E1 (Replay), as DUIS requires; every other one is accepted, persisted, and answered for itself.
        Assert.All(answers, a => Assert.True(a.Code == "I99" || (a.Code == "E1" && a.Reject == "Replay"), $"{a.Code} {a.Reject}"));
        Assert.Equal(counters.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            answers.Select(a => a.RequestId.Split(':')[2]).Order());
        var accepted = answers.Where(a => a.Code == "I99").ToList();
        Assert.NotEmpty(accepted);
        Assert.All(accepted, a => Assert.NotNull(store.PendingRequests.Find(a.RequestId)));
        Assert.All(answers.Where(a => a.Code == "E1"), a => Assert.Null(store.PendingRequests.Find(a.RequestId)));
        Assert.Equal(24, batcher.Requests - decidedBefore);
    }

    [SharedDataFact]
    public Task Wrong_content_type_is_415() => AssertNothingPersisted(async () =>
    {
        var (status, body, _) = await PostAsync(Xml(Valid(), "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("application/xml", body);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync(new StringContent("<a/>", Encoding.UTF8, "application/json"))).Status);
    });

    [SharedDataFact]
    public Task Oversized_bodies_are_413_with_or_without_content_length() => AssertNothingPersisted(async () =>
    {
        var huge = Encoding.UTF8.GetBytes("<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\">" + new string(' ', 2 * 1024 * 1024) + "</sr:Request>");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(Xml(huge))).Status);
        // Chunked (no Content-Length): the cap applies while reading.
        var chunked = new StreamContent(new MemoryStream(huge));
        chunked.Headers.ContentType = MediaTypeHeaderValue.Parse("application/xml");
        var request = new HttpRequestMessage(HttpMethod.Post, ServiceS) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var response = await cloud.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    });

    [SharedDataTheory]
    [InlineData("", "Malformed")]
    [InlineData("<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"><unclosed>", "Malformed")]
    [InlineData("not xml at all", "Malformed")]
    [InlineData("<html><body>hi</body></html>", "WrongRoot")]
    [InlineData("<!DOCTYPE r [<!ELEMENT r ANY>]><r/>", "DtdProhibited")]
    [InlineData("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><lolz>&lol3;</lolz>", "EntityExpansion")]
    [InlineData("<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><r>&xxe;</r>", "ExternalEntity")]
    public Task Malformed_dtd_and_entity_bombs_are_400_text(string body, string reason) => AssertNothingPersisted(async () =>
    {
        var (status, text, response) = await PostAsync(Xml(body));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(reason + ":", text);
        Assert.DoesNotContain("root:", text); // no /etc/passwd content
    });

    [SharedDataFact]
    public Task Xsd_invalid_requests_are_400_text_naming_the_schema() => AssertNothingPersisted(async () =>
    {
        var doc = DuisRequests.Unsigned(DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
        var cv = doc.GetElementsByTagName("CommandVariant", DuisNamespaces.ServiceUserGateway)[0]!;
        cv.InnerText = "banana";
        using var signer = DuisRequests.Signer(cloud.DataDirectory, DemoIdentities.Supplier);
        DuisSignature.Sign(doc, signer);
        var (status, text, _) = await PostAsync(Xml(doc.OuterXml));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("SchemaInvalid:", text);
    });

    [SharedDataFact]
    public Task A_tampered_request_gets_a_signed_E1() => AssertNothingPersisted(async () =>
    {
        var signed = Encoding.UTF8.GetString(Valid());
        // Change signed content after signing: the digest no longer matches.
        var tampered = signed.Replace(":02-C0-4B-10-00-00-01-A0:", ":02-C0-4B-10-00-00-01-A1:");
        Assert.NotEqual(signed, tampered);
        var (status, body, response) = await PostAsync(Xml(tampered));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("E1", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes(body))));
        Assert.Equal("SignatureInvalid", response.Headers.GetValues(DuisHttpEndpoints.RejectHeader).Single());
    });

    [SharedDataFact]
    public Task A_request_signed_by_another_user_or_unsigned_gets_a_signed_E1() => AssertNothingPersisted(async () =>
    {
        // The network operator signs a request that names the supplier as originator.
        var doc = DuisRequests.Unsigned(DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
        using (var other = DuisRequests.Signer(cloud.DataDirectory, DemoIdentities.NetworkOperator)) DuisSignature.Sign(doc, other);
        var (_, body, response) = await PostAsync(Xml(doc.OuterXml));
        Assert.Equal("E1", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes(body))));
        Assert.Equal("SignerUnknown", response.Headers.GetValues(DuisHttpEndpoints.RejectHeader).Single());

        var unsigned = DuisRequests.Unsigned(DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
        (_, body, response) = await PostAsync(Xml(unsigned.OuterXml));
        Assert.Equal("E1", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes(body))));
        Assert.Equal("SignatureMissing", response.Headers.GetValues(DuisHttpEndpoints.RejectHeader).Single());
    });

    [SharedDataFact]
    public async Task A_replayed_request_gets_a_signed_E1_and_an_older_counter_too()
    {
        var counter = DuisRequests.NextCounter();
        var request = Valid(counter);
        Assert.Equal("I99", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes((await PostAsync(Xml(request))).Body))));
        await AssertNothingPersisted(async () =>
        {
            var (status, body, response) = await PostAsync(Xml(request));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("E1", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes(body))));
            Assert.Equal("Replay", response.Headers.GetValues(DuisHttpEndpoints.RejectHeader).Single());
            (_, body, _) = await PostAsync(Xml(Valid(counter - 1)));
            Assert.Equal("E1", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes(body))));
        });
    }

    [SharedDataFact]
    public async Task Access_checks_of_the_processor_answer_E2_and_E13()
    {
        // 4.1.1 is not an Other User service: E2.
        var ou = DuisRequests.Signed(cloud.DataDirectory, DuisRequests.ReadRegistersTemplate, DemoIdentities.OtherUser);
        Assert.Equal("E2", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes((await PostAsync(Xml(ou))).Body))));
        // CV 1 on the Transform service URL: E13.
        var wrongUrl = Valid();
        Assert.Equal("E13", DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, Encoding.UTF8.GetBytes((await PostAsync(Xml(wrongUrl), "/api/v1/serviceT")).Body))));
    }

    [SharedDataFact]
    public async Task Health_and_hubs_answer()
    {
        var health = await cloud.Http.GetStringAsync("/health");
        Assert.Contains("\"status\":\"ok\"", health);
        var hubs = await cloud.Operator.GetStringAsync("/api/v1/hubs");
        Assert.Contains("02C04B10000001A2", hubs);
        Assert.Contains("02C04B10000002A2", hubs);
    }
}

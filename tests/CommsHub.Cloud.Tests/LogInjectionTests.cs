using System.Net;
using System.Text;
using System.Xml;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// Strings a client chooses (MQTT client id, username, topic; DUIS header fields) cannot forge log lines: a line break
/// or other control character in them is written escaped, so each log entry stays one line.
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class LogInjectionTests(CloudFixture cloud)
{
    private const string Forged = "Critical CommsHub.Cloud.Http.OperatorEndpoints: operator release of quarantine #1 by admin";

    [SharedDataFact]
    public async Task An_unauthenticated_connect_cannot_break_the_log_line_with_its_client_id_or_username()
    {
        var marker = Guid.NewGuid().ToString("N");
        await Assert.ThrowsAsync<MqttRefusedException>(() =>
            MqttTestClient.ConnectAsync(cloud.MqttPort, $"u{marker}\r\n{Forged}\u2028x", "wrong", $"c{marker}\r\n{Forged}\u001b[2J"));

        var line = Assert.Single(cloud.Logs.Lines, l => l.Contains(marker, StringComparison.Ordinal));
        AssertOneLine(line);
        Assert.Contains($"c{marker}\\r\\n{Forged}", line);
    }

    [SharedDataFact]
    public async Task A_refused_duis_request_cannot_break_the_log_line_with_its_header_text()
    {
        var marker = Guid.NewGuid().ToString("N");
        var doc = DuisRequests.Unsigned(DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("sr", DuisNamespaces.ServiceUserGateway);
        doc.SelectSingleNode("/sr:Request/sr:Header/sr:RequestID", ns)!.InnerText = $"{marker}\n{Forged}";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(doc.OuterXml));
        content.Headers.ContentType = new("application/xml");

        var response = await cloud.Http.PostAsync("/api/v1/serviceS", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertOneLine(Assert.Single(cloud.Logs.Lines, l => l.Contains(marker, StringComparison.Ordinal)));
    }

    private static void AssertOneLine(string line) =>
        Assert.DoesNotContain(line, c => char.IsControl(c) || c is '\u2028' or '\u2029');
}

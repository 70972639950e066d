using System.Net;
using System.Text;
using CommsHub.Cloud.Identity;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>RTDS identity mode, configuration validation, and a request the store kept but the broker could not carry.</summary>
public sealed class IdentityAndConfigurationTests
{
    [SharedDataFact]
    public void Rtds_mode_loads_the_dcc_boxed_users_and_dsp_key()
    {
        using var set = IdentityLoader.LoadRtds(SharedData.PathOf("vectors/gbcs"));
        Assert.Equal(0x90B3D51F30000002UL, set.DccEui);
        Assert.Equal([IdentityLoader.RtdsHub], set.Hubs);
        Assert.Equal(new HashSet<UserRole> { UserRole.ImportSupplier, UserRole.GasSupplier }, set.Users[0x90B3D51F30010000].Roles);
        Assert.Equal(new HashSet<UserRole> { UserRole.ElectricityDistributor, UserRole.GasTransporter }, set.Users[0x90B3D51F30020000].Roles);
        Assert.Equal(new HashSet<UserRole> { UserRole.OtherUser }, set.Users[0x00DB123456780004].Roles);
        Assert.True(File.Exists(Path.Combine(set.KeysDirectory, "00db1234567890a2-ka.pem")));
        // The xmlsec1-signed DCC Boxed-shaped request verifies against the loaded user certificates.
        var doc = SecureXml.Load(File.ReadAllBytes(SharedData.PathOf(
            "vectors/gbcs/duis/generated/ECS17b_4.1.1_REQUEST_signed_by_xml-sign-90B3D51F30010000.xml")));
        var info = DuisSignature.Verify(doc, set.Signers);
        Assert.Same(set.Users[0x90B3D51F30010000].XmlSignCertificate, info.Signer);
        Assert.Equal("89", set.DspSigner.Certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .First(r => r.GetSingleElementType().Value == "2.5.4.11").GetSingleElementValue());
    }

    [Theory]
    [InlineData("--mqtt-port", "70000", "Mqtt:Port")]
    [InlineData("--http-url", "ftp://x", "Http:Url")]
    [InlineData("--http-url", "http://127.0.0.1:8080/base", "Http:Url 'http://127.0.0.1:8080/base' must not have a path")]
    [InlineData("--mqtt-address", "localhost", "Mqtt:Address")]
    [InlineData("--CommsHub:Http:MaxRequestBodyBytes", "10", "MaxRequestBodyBytes")]
    [InlineData("--offline-policy", "drop", "Dispatch:OfflinePolicy")]
    [InlineData("--response-timeout", "0", "Dispatch:ResponseTimeoutSeconds")]
    [InlineData("--CommsHub:Dispatch:HubReconnectGraceSeconds", "-1", "Dispatch:HubReconnectGraceSeconds -1 is outside 0..3600")]
    [InlineData("--CommsHub:Dispatch:HubReconnectGraceSeconds", "3601", "Dispatch:HubReconnectGraceSeconds 3601 is outside 0..3600")]
    [InlineData("--CommsHub:Mqtt:HubSessionExpirySeconds", "-1", "Mqtt:HubSessionExpirySeconds -1 is outside 0..604800")]
    [InlineData("--CommsHub:Mqtt:HubSessionExpirySeconds", "604801", "Mqtt:HubSessionExpirySeconds 604801 is outside 0..604800")]
    [InlineData("--demo-hubs", "3", "Demo:Hubs")]
    [InlineData("--CommsHub:Callbacks:nothex", "http://x", "Callbacks:nothex")]
    [InlineData("--CommsHub:Callbacks:90B3D51F30010000", "https://user:pw@user.example/cb", "Callbacks:90B3D51F30010000 must not carry user information")]
    [InlineData("--CommsHub:Callbacks:90B3D51F30010000", "/cb", "Callbacks:90B3D51F30010000 is not an absolute http(s) URL")]
    [InlineData("--mqtt-tls-port", "70000", "Mqtt:Tls:Port")]
    [InlineData("--CommsHub:Mqtt:Tls:Address", "localhost", "Mqtt:Tls:Address")]
    [InlineData("--CommsHub:Mqtt:Tls:RequireClientCertificate", "true", "Mqtt:Tls:RequireClientCertificate needs")]
    [InlineData("--CommsHub:Mqtt:Tls:ClientCaFile", "/nonexistent/client-ca.pem", "Mqtt:Tls:ClientCaFile '/nonexistent/client-ca.pem' does not exist")]
    [InlineData("--CommsHub:Mqtt:PlainEndpoint", "false", "listen nowhere")]
    [InlineData("--CommsHub:Mqtt:InboxThreads", "3", "Mqtt:InboxThreads")]
    [InlineData("--CommsHub:Mqtt:IntakeThreads", "0", "Mqtt:IntakeThreads")]
    [InlineData("--CommsHub:Mqtt:ReadBlockBytes", "512", "Mqtt:ReadBlockBytes 512 is outside")]
    [InlineData("--CommsHub:Mqtt:ReadBlockBytes", "2000000", "Mqtt:ReadBlockBytes 2000000 is outside")]
    public void Invalid_settings_stop_the_start_naming_the_setting(string key, string value, string named)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-cfg-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<OptionsValidationException>(() => CloudApp.Create(["--data-dir", dir, key, value]));
        Assert.Contains(named, string.Join(" ", ex.Failures));
        Assert.False(Directory.Exists(dir)); // refused before anything was created
    }

    [Theory]
    [InlineData("https://user:s3cret@user.example/cb")]
    [InlineData("ftp://user:s3cret@user.example/cb")]
    [InlineData("user:s3cret@user.example")]
    public void A_callback_url_with_a_password_stops_the_start_without_repeating_it(string url)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-cfg-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<OptionsValidationException>(() => CloudApp.Create(["--data-dir", dir, "--CommsHub:Callbacks:90B3D51F30010000", url]));
        Assert.Contains("CommsHub:Callbacks:90B3D51F30010000", ex.Message);
        Assert.DoesNotContain("s3cret", ex.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void The_demo_without_the_plain_mqtt_endpoint_stops_the_start()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-cfg-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<OptionsValidationException>(() => CloudApp.Create(
            ["--data-dir", dir, "--demo", "--mqtt-tls", "--CommsHub:Mqtt:PlainEndpoint=false"]));
        Assert.Contains("Demo:Enabled needs the plain MQTT endpoint", string.Join(" ", ex.Failures));
        Assert.False(Directory.Exists(dir));
    }

    [SharedDataFact]
    public async Task A_request_committed_but_not_dispatched_is_answered_I99_and_held_for_the_sweeper()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-seam-" + Guid.NewGuid().ToString("N"));
        // No broker: the command cannot be published, so the dispatch after the commit fails.
        var app = CloudApp.Create(
            ["--data-dir", dir, "--http-url", "http://127.0.0.1:0", "--CommsHub:Mqtt:Enabled=false",
             "--duis-schemas", SharedData.PathOf("vectors/gbcs/duis"), "--Logging:LogLevel:Default=Warning"],
            console: TextWriter.Null);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(app)[0]), Timeout = TimeSpan.FromSeconds(15) };
            var counter = DuisRequests.NextCounter();
            var content = new ByteArrayContent(DuisRequests.Signed(dir, DuisRequests.ReadRegistersTemplate, DemoIdentities.Supplier, counter));
            content.Headers.ContentType = new("application/xml");
            var response = await http.PostAsync("/api/v1/serviceS", content);
            // The request is recorded (Pending): the sweeper publishes it once it can, so it is accepted, not failed.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("<sr:ResponseCode>I99</sr:ResponseCode>", body);
            var pending = app.Services.GetRequiredService<IDccStore>().PendingRequests.InState(PendingState.Pending, 10);
            Assert.Contains(pending, p => p.RequestId.EndsWith(":" + counter.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            Assert.Contains("\"running\":false", await http.GetStringAsync("/health"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}

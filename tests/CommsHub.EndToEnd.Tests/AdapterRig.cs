using System.Buffers;
using System.Net.Http.Headers;
using System.Xml;
using CommsHub.Cloud;
using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit;

namespace CommsHub.EndToEnd.Tests;

/// <summary>A DUIS document a user received, after the checks a user makes: XSD 5.4 valid and signed by the DSP.</summary>
/// <param name="Document">The parsed document.</param>
public sealed record Received(XmlDocument Document)
{
    public string? Field(string localName) =>
        Document.GetElementsByTagName(localName, DuisNamespaces.ServiceUserGateway) is { Count: > 0 } list ? list[0]!.InnerText : null;

    public string? Code => Field("ResponseCode");
}

/// <summary>
/// The adapter started the way <c>--demo</c> starts it, in-process on loopback with free ports over a fresh temp data
/// directory (so a fresh minted SMKI; one per test class): two virtual hubs, each with an ESME and a GSME that have not
/// joined (the tests send the 8.11 themselves). Besides the demo parties the SMKI holds a second supplier,
/// <see cref="OtherSupplier"/>, registered for nothing. Every user's MQTT responses topic is followed from the start.
/// </summary>
public class AdapterRig : IAsyncLifetime
{
    /// <summary>A supplier user that no MPxN is registered to.</summary>
    public const ulong OtherSupplier = 0x02C04B0000040000;

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<ulong, IMqttClient> _users = [];
    private readonly List<(ulong User, Received Doc)> _received = [];
    private readonly List<string> _invalid = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private DuisSchemaValidator _schema = null!;
    private DuisSignerDirectory _dsp = null!;

    public WebApplication App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public IReadOnlyList<DemoHub> Hubs => App.Services.GetRequiredService<DemoLauncher>().Hubs;
    public SmkiFolder Smki => new(Path.Combine(_dir, "smki"));

    /// <summary>Settings added after the rig's own (a later one overrides an earlier one).</summary>
    protected virtual IEnumerable<string> Settings => [];

    public async Task InitializeAsync()
    {
        if (!SharedData.Available) return;
        // Mint first with the extra supplier: the host reuses what exists and adds the demo parties it lacks.
        var plan = DemoIdentities.Plan with
        {
            Organisations = [.. DemoIdentities.Plan.Organisations, new SmkiOrganisation(OtherSupplier, "Unregistered Supplier", SmkiRoles.Supplier,
                [KeyUsage.KeyAgreement, KeyUsage.DigitalSignature], XmlSign: true)],
        };
        new TestSmki(Smki).EnsureMinted(plan);
        App = CloudApp.Create(
        [
            "--data-dir", _dir, "--http-url", "http://127.0.0.1:0", "--mqtt-port", "0", "--demo",
            "--duis-schemas", SharedData.PathOf("vectors/gbcs/duis"),
            "--CommsHub:Demo:JoinMeters=false", "--response-timeout", "30",
            "--Logging:LogLevel:Default=Warning",
            .. Settings,
        ], console: TextWriter.Null);
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(App)[0]), Timeout = Wait };
        _schema = DuisSchemaValidator.Shared(SharedData.PathOf("vectors/gbcs/duis"));
        _dsp = new DuisSignerDirectory();
        _dsp.Add(App.Services.GetRequiredService<IdentitySet>().DspSigner.Certificate);
        foreach (var user in new[] { DemoIdentities.Supplier, DemoIdentities.NetworkOperator, DemoIdentities.OtherUser, OtherSupplier })
            _users[user] = await FollowAsync(user);
        foreach (var hub in Hubs)
            await Until(() => hub.Hub.InvokeAsync(() => hub.Hub.Link.State == WanLinkState.Connected), $"hub {Eui64.ToText(hub.Eui)} online");
    }

    public async Task DisposeAsync()
    {
        if (App is null) return;
        foreach (var c in _users.Values) c.Dispose();
        Http.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The XML-sign key of a user, from the minted SMKI.</summary>
    public DuisSigner Signer(ulong user)
    {
        var stem = Smki.XmlSignStem(user, dsp: false);
        return DuisSigner.Load(stem + ".key", stem + ".pem");
    }

    /// <summary>POSTs a signed request to <c>/api/v1/{service}</c>; returns the checked synchronous answer and the reject header.</summary>
    public async Task<(Received Answer, string? Reject)> PostAsync(byte[] request, string service = "serviceS")
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await Http.PostAsync("/api/v1/" + service, content);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        var reject = response.Headers.TryGetValues(Cloud.Http.DuisHttpEndpoints.RejectHeader, out var v) ? v.Single() : null;
        return (Check(body), reject);
    }

    /// <summary>Waits for a DUIS message on <paramref name="user"/>'s responses topic that matches; fails after <see cref="Wait"/>.</summary>
    public async Task<Received> ReceiveAsync(ulong user, Func<Received, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            lock (_received)
            {
                Assert.True(_invalid.Count == 0, "invalid DUIS received: " + string.Join("; ", _invalid));
                var hit = _received.FirstOrDefault(r => r.User == user && match(r.Doc));
                if (hit.Doc is not null) return hit.Doc;
            }
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"timed out waiting for {what}");
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Everything <paramref name="user"/> has received so far.</summary>
    public IReadOnlyList<Received> ReceivedBy(ulong user)
    {
        lock (_received) return _received.Where(r => r.User == user).Select(r => r.Doc).ToList();
    }

    /// <summary>Polls <paramref name="condition"/> until true; fails after <see cref="Wait"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private Received Check(byte[] xml)
    {
        var doc = SecureXml.Load(xml, SecureXmlOptions.Duis);
        _schema.Validate(doc);
        DuisSignature.Verify(doc, _dsp);
        return new Received(doc);
    }

    private async Task<IMqttClient> FollowAsync(ulong user)
    {
        var name = Eui64.ToText(user);
        var secret = App.Services.GetRequiredService<MqttCredentials>().SecretOf(name)!;
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            try
            {
                var doc = Check(e.ApplicationMessage.Payload.ToArray());
                lock (_received) _received.Add((user, doc));
            }
            catch (Exception ex)
            {
                // Not XSD-valid or not DSP-signed: remembered, so the waiting test fails naming it.
                lock (_received) _invalid.Add($"{Eui64.ToText(user)}: {ex.Message}");
            }
            _arrived.Release();
            return Task.CompletedTask;
        };
        var port = App.Services.GetRequiredService<EmbeddedBroker>().Port;
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(name + "-e2e")
            .WithCredentials(name, secret).WithCleanStart().Build());
        var sub = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(TopicAuthorization.UserResponses(user), MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, sub.Items.Single().ResultCode);
        return client;
    }
}

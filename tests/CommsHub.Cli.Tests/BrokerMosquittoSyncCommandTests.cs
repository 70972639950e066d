using System.Text.Json.Nodes;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Mosquitto;
using CommsHub.TestSupport;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>commshub broker mosquitto-sync</c> against a real Mosquitto 2.0.11 started with the <c>mosquitto-config</c> files:
/// the plugin does not reread its file, so a hub added to <c>credentials.json</c> after the start is refused until the
/// sync applies it through the plugin's control topic; then it connects and uses only its own topics, a role that
/// drifted (the adapter's old <c>#</c>) is corrected, and a second run changes nothing.
/// </summary>
public sealed class BrokerMosquittoSyncCommandTests : IAsyncLifetime
{
    private const ulong HubA = 0x02C04B10000001A2;
    private const ulong HubB = 0x02C04B10000001B3;
    private const ulong User = 0x02C04B0000010000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-cli-sync-" + Guid.NewGuid().ToString("N"));
    private MosquittoProcess? _broker;
    private MosquittoConfigResult? _files;
    private int _port;

    private string Out => Path.Combine(_dir, "mosquitto");

    private string CredentialsPath => Path.Combine(_dir, "mqtt", "credentials.json");

    public async Task InitializeAsync()
    {
        if (MosquittoProcess.Skip is not null) return; // the tests are skipped
        MqttCredentials.LoadOrCreate(CredentialsPath, [HubA], [User]);
        _port = MosquittoProcess.FreePort();
        _files = MosquittoConfigWriter.Write(new MosquittoConfigRequest { DataDirectory = _dir, OutDirectory = Out, PlainPort = _port, TlsPort = 0 });
        _broker = await MosquittoProcess.StartAsync(_files.ConfigFile, _port);
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null) await _broker.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private (int Exit, string[] Out, string Err) Sync()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliApp.Run(["broker", "mosquitto-sync", "--data", _dir, "--out", Out, "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture)], stdout, stderr);
        return (exit, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    private Task<MosquittoDynsecControl> AdminAsync() =>
        MosquittoDynsecControl.ConnectAsync("127.0.0.1", _port, MosquittoDynsecAdmin.LoadSecret(Out), null, CancellationToken.None);

    // Changes the plugin's state behind the sync's back, as an operator or an earlier set-up would have.
    private async Task AdministerAsync(params JsonObject[] commands)
    {
        await using var control = await AdminAsync();
        await control.ExecuteAsync(commands, CancellationToken.None);
    }

    private async Task<IMqttClient> ConnectAsync(string username, string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId(clientId).WithCredentials(username, MqttCredentials.Load(CredentialsPath).SecretOf(username)).WithCleanStart().Build());
            // MQTTnet returns a refused CONNECT as its result.
            if (result.ResultCode != MqttClientConnectResultCode.Success) throw new InvalidOperationException($"CONNECT refused: {result.ResultCode}");
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<MqttClientSubscribeResultCode> SubscribeAsync(IMqttClient client, string filter) =>
        (await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce)).Items.Single().ResultCode;

    private static async Task<MqttClientPublishReasonCode> PublishAsync(IMqttClient client, string topic) =>
        (await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload("x")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())).ReasonCode;

    [MosquittoFact]
    public async Task A_hub_added_after_the_start_is_refused_until_the_sync_then_uses_only_its_own_topics_and_a_second_sync_changes_nothing()
    {
        string a = "02C04B10000001A2", b = "02C04B10000001B3";
        MqttCredentials.LoadOrCreate(CredentialsPath, [HubA, HubB], [User]);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(b, b));
        // A role as an earlier mosquitto-config wrote it: the adapter allowed to subscribe to everything.
        await AdministerAsync(new JsonObject { ["command"] = "addRoleACL", ["rolename"] = "adapter", ["acltype"] = "subscribePattern", ["topic"] = "#", ["allow"] = true });

        var (exit, lines, err) = Sync();

        Assert.Equal("", err);
        Assert.Equal(0, exit);
        Assert.Contains($"commshub: created role hub-{b}", lines);
        Assert.Contains($"commshub: added to role hub-{b}: subscribeLiteral chub/{b}/down", lines);
        Assert.Contains($"commshub: created client {b} (hub, role hub-{b}, client id {b})", lines);
        Assert.Contains("commshub: removed from role adapter: subscribePattern #", lines);
        Assert.Equal($"commshub: mosquitto-sync: {lines.Length - 1} change(s) applied; the broker holds the 4 accounts of credentials.json", lines[^1]);
        foreach (var entry in MqttCredentials.Load(CredentialsPath).Entries) Assert.DoesNotContain(entry.Secret, string.Join('\n', lines));
        Assert.DoesNotContain(MosquittoDynsecAdmin.LoadSecret(Out), string.Join('\n', lines));

        // Hub B: its own topics only, under its own client id only.
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(b, a));
        using (var hub = await ConnectAsync(b, b))
        {
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(hub, $"chub/{b}/down"));
            foreach (var filter in new[] { $"chub/{a}/down", "chub/+/down", "#" })
                Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await SubscribeAsync(hub, filter));
            Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, await PublishAsync(hub, $"chub/{b}/up"));
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishAsync(hub, $"chub/{a}/up"));
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishAsync(hub, MosquittoDynsecAdmin.ControlTopic));
        }
        using (var adapter = await ConnectAsync(MqttCredentials.AdapterUser, "adapter-x"))
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await SubscribeAsync(adapter, "#"));
        // The admin account administers the plugin and nothing else.
        using (var admin = new MqttClientFactory().CreateMqttClient())
        {
            Assert.Equal(MqttClientConnectResultCode.Success, (await admin.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port)
                .WithProtocolVersion(MqttProtocolVersion.V500).WithClientId(MosquittoDynsecAdmin.Username)
                .WithCredentials(MosquittoDynsecAdmin.Username, MosquittoDynsecAdmin.LoadSecret(Out)).Build())).ResultCode);
            foreach (var filter in new[] { "#", "dcc/users/+/responses", $"chub/{a}/down", "$share/g/chub/+/up" })
                Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await SubscribeAsync(admin, filter));
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishAsync(admin, $"chub/{a}/down"));
        }

        var (again, second, secondErr) = Sync();
        Assert.Equal("", secondErr);
        Assert.Equal(0, again);
        Assert.Equal(["commshub: mosquitto-sync: the broker already holds the 4 accounts of credentials.json; nothing changed"], second);

        // The plugin saved what the sync applied (owner-only, hashes only): a restarted broker still has hub B.
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_files!.DynamicSecurityFile!));
        Assert.DoesNotContain(MqttCredentials.Load(CredentialsPath).SecretOf(b)!, File.ReadAllText(_files!.DynamicSecurityFile!));
        await _broker!.DisposeAsync();
        _broker = await MosquittoProcess.StartAsync(_files.ConfigFile, _port);
        using var back = await ConnectAsync(b, b);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(back, $"chub/{b}/down"));
    }

    // What an operator (or an earlier set-up) left on the broker that credentials.json no longer says: hub A untied from its
    // client id and given the adapter's role, the user removed from credentials.json, an operator's own account.
    [MosquittoFact]
    public async Task Drift_is_corrected_removed_accounts_lose_access_and_accounts_not_commshubs_stay()
    {
        string a = "02C04B10000001A2", user = "02C04B0000010000";
        await AdministerAsync(
            new JsonObject { ["command"] = "setClientId", ["username"] = a },
            new JsonObject { ["command"] = "addClientRole", ["username"] = a, ["rolename"] = "adapter" },
            new JsonObject { ["command"] = "createClient", ["username"] = "monitoring", ["password"] = "operator-secret" });
        Faults.BrokerAccounts.Write(CredentialsPath, MqttCredentials.Load(CredentialsPath).Entries.Where(e => e.Username != user));
        using (var before = await ConnectAsync(a, "any-id"))
            Assert.True(before.IsConnected);

        var (exit, lines, err) = Sync();

        Assert.Equal("", err);
        Assert.Equal(0, exit);
        Assert.Contains($"commshub: client {a}: client id (none) -> {a}", lines);
        Assert.Contains($"commshub: client {a}: removed role adapter", lines);
        Assert.Contains($"commshub: deleted client {user} (not in credentials.json)", lines);
        Assert.Contains($"commshub: deleted role user-{user} (no account of credentials.json has it)", lines);
        Assert.DoesNotContain(lines, l => l.Contains("monitoring", StringComparison.Ordinal));
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(a, "any-id"));
        using (var hub = await ConnectAsync(a, a))
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await SubscribeAsync(hub, "$share/g/chub/+/up"));
        Assert.Equal(["commshub: mosquitto-sync: the broker already holds the 2 accounts of credentials.json; nothing changed"], Sync().Out);
        await using var control = await AdminAsync();
        var state = await control.ReadStateAsync(CancellationToken.None);
        Assert.Contains(state.Clients, c => c.Username == "monitoring");
        Assert.DoesNotContain(state.Clients, c => c.Username == user);
    }

    [MosquittoFact]
    public void Without_the_admin_secret_the_sync_says_how_to_get_one()
    {
        File.Delete(Path.Combine(Out, MosquittoDynsecAdmin.SecretFileName));

        var (exit, lines, err) = Sync();

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.Matches("^commshub: mosquitto-sync: .*dynsec-admin.secret does not exist: run `commshub broker mosquitto-config` on this folder and restart Mosquitto once.*\n$", err);
    }
}

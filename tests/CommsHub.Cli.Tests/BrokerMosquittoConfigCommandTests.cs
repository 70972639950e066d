using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Mosquitto;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary><c>commshub broker mosquitto-config</c>: what it writes and prints, and its one-line refusals.</summary>
public sealed class BrokerMosquittoConfigCommandTests : IDisposable
{
    private const ulong Hub = 0x02C04B10000001A2;
    private const ulong User = 0x02C04B0000010000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-mosqcfg-" + Guid.NewGuid().ToString("N"));

    private static (int Exit, string[] Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    // Credentials for the adapter, Hub and User, then the command on them with a TLS and a plain listener and `extra`.
    private (MqttCredentials Credentials, string Output, (int Exit, string[] Out, string Err) Run) WriteForOneHubAndUser(params string[] extra)
    {
        var credentials = MqttCredentials.LoadOrCreate(Path.Combine(_dir, "data", "mqtt", "credentials.json"), [Hub], [User]);
        var output = Path.Combine(_dir, "out");
        return (credentials, output, Run(["broker", "mosquitto-config", "--data", Path.Combine(_dir, "data"), "--out", output, "--tls-port", "18883", "--plain-port", "18884", .. extra]));
    }

    [Fact]
    public void By_default_writes_the_dynamic_security_file_with_one_role_per_account_and_hashes_only()
    {
        var (credentials, output, (exit, lines, err)) = WriteForOneHubAndUser("--dynsec-plugin", "/opt/mosquitto/dynsec.so");

        Assert.Equal(0, exit);
        Assert.Equal("", err);
        var file = Path.Combine(output, "dynamic-security.json");
        Assert.Contains($"commshub: wrote dynamic-security {file}", lines);
        Assert.False(File.Exists(Path.Combine(output, "passwords")));
        Assert.False(File.Exists(Path.Combine(output, "acl")));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var config = File.ReadAllText(Path.Combine(output, "mosquitto.conf"));
        // One plugin for both listeners (its state is global), no file-based checks beside it.
        Assert.Contains($"per_listener_settings false\n", config);
        Assert.Contains($"allow_anonymous false\nplugin /opt/mosquitto/dynsec.so\nplugin_opt_config_file {file}\n", config);
        Assert.DoesNotContain("acl_file", config);
        Assert.DoesNotContain("password_file", config);
        Assert.Contains("listener 18883 127.0.0.1", config);
        Assert.Contains("listener 18884 127.0.0.1", config);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        var root = json.RootElement;
        Assert.False(root.GetProperty("defaultACLAccess").GetProperty("subscribe").GetBoolean());
        Assert.False(root.GetProperty("defaultACLAccess").GetProperty("publishClientSend").GetBoolean());
        Assert.False(root.GetProperty("defaultACLAccess").GetProperty("publishClientReceive").GetBoolean());
        var clients = root.GetProperty("clients").EnumerateArray().ToDictionary(c => c.GetProperty("username").GetString()!);
        // The three accounts and the plugin's admin (mosquitto-sync's), whose secret is kept owner-only beside the file.
        Assert.Equal(4, clients.Count);
        var admin = clients[MosquittoDynsecAdmin.Username];
        Assert.Equal(MosquittoDynsecAdmin.Username, admin.GetProperty("clientid").GetString());
        var secretFile = Path.Combine(output, MosquittoDynsecAdmin.SecretFileName);
        Assert.Contains($"commshub: wrote admin-secret {secretFile}", lines);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
        var adminSecret = MosquittoDynsecAdmin.LoadSecret(output);
        Assert.DoesNotContain(adminSecret, File.ReadAllText(file), StringComparison.Ordinal);
        Assert.DoesNotContain(adminSecret, string.Join('\n', lines), StringComparison.Ordinal);
        Assert.Equal(Convert.ToBase64String(MosquittoPasswordHash.Derive(adminSecret, Convert.FromBase64String(admin.GetProperty("salt").GetString()!),
            MosquittoPasswordHash.Iterations)), admin.GetProperty("password").GetString());
        var hub = clients["02C04B10000001A2"];
        Assert.Equal("hub-02C04B10000001A2", hub.GetProperty("roles")[0].GetProperty("rolename").GetString());
        // Each hub and user is tied to its username as client id; the adapter's instances need several.
        Assert.Equal("02C04B10000001A2", hub.GetProperty("clientid").GetString());
        Assert.Equal("02C04B0000010000", clients["02C04B0000010000"].GetProperty("clientid").GetString());
        Assert.False(clients[MqttCredentials.AdapterUser].TryGetProperty("clientid", out _));
        // Mosquitto's hash: PBKDF2-SHA512 of the secret with the 12-byte salt; never the secret itself.
        var salt = Convert.FromBase64String(hub.GetProperty("salt").GetString()!);
        Assert.Equal(12, salt.Length);
        Assert.Equal(MosquittoPasswordHash.Iterations, hub.GetProperty("iterations").GetInt32());
        Assert.Equal(Convert.ToBase64String(MosquittoPasswordHash.Derive(credentials.SecretOf("02C04B10000001A2")!, salt, MosquittoPasswordHash.Iterations)),
            hub.GetProperty("password").GetString());
        foreach (var entry in credentials.Entries)
        {
            Assert.DoesNotContain(entry.Secret, File.ReadAllText(file), StringComparison.Ordinal);
            Assert.DoesNotContain(entry.Secret, string.Join('\n', lines), StringComparison.Ordinal);
        }
        var roles = root.GetProperty("roles").EnumerateArray().ToDictionary(r => r.GetProperty("rolename").GetString()!,
            r => r.GetProperty("acls").EnumerateArray().Select(a => $"{a.GetProperty("acltype").GetString()} {a.GetProperty("topic").GetString()} {a.GetProperty("allow").GetBoolean()}").ToList());
        Assert.Equal(["publishClientSend chub/02C04B10000001A2/up True", "publishClientSend chub/02C04B10000001A2/status True",
            "subscribeLiteral chub/02C04B10000001A2/down True", "publishClientReceive chub/02C04B10000001A2/down True"], roles["hub-02C04B10000001A2"]);
        Assert.Equal(["publishClientSend dcc/users/02C04B0000010000/requests True", "subscribeLiteral dcc/users/02C04B0000010000/responses True",
            "publishClientReceive dcc/users/02C04B0000010000/responses True"], roles["user-02C04B0000010000"]);
        // The adapter: its shared subscriptions in any group, hubs' status and its instances' presence; not `#`.
        Assert.Equal(["subscribePattern $share/+/chub/+/up True", "subscribePattern $share/+/dcc/users/+/requests True",
            "subscribePattern chub/+/status True", "subscribePattern dcc/adapters/+/status True",
            "publishClientReceive chub/+/up True", "publishClientReceive dcc/users/+/requests True", "publishClientReceive chub/+/status True",
            "publishClientReceive dcc/adapters/+/status True",
            "publishClientSend chub/+/down True", "publishClientSend dcc/users/+/responses True", "publishClientSend dcc/adapters/+/status True"], roles["adapter"]);
        // The admin may only send the plugin commands and read their answers.
        Assert.Equal(["publishClientSend $CONTROL/dynamic-security/v1 True", "subscribeLiteral $CONTROL/dynamic-security/v1/response True",
            "publishClientReceive $CONTROL/dynamic-security/v1/response True"], roles[MosquittoDynsecAdmin.Role]);

        // Written again (an account added), the admin keeps its secret: the running broker still knows it.
        Assert.Equal(0, Run(["broker", "mosquitto-config", "--data", Path.Combine(_dir, "data"), "--out", output, "--tls-port", "18883"]).Exit);
        Assert.Equal(adminSecret, MosquittoDynsecAdmin.LoadSecret(output));
    }

    [Fact]
    public void With_acl_file_writes_the_config_passwords_acl_and_tls_files_and_prints_each()
    {
        var (credentials, output, (exit, lines, err)) = WriteForOneHubAndUser("--access-control", "acl-file");

        Assert.Equal(0, exit);
        Assert.Equal("", err);
        foreach (var (what, file) in new[] { ("config", "mosquitto.conf"), ("passwords", "passwords"), ("acl", "acl"), ("certificate", "tls/broker.pem"), ("ca", "tls/ca.pem") })
        {
            Assert.Contains($"commshub: wrote {what} {Path.Combine(output, file)}", lines);
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }
        Assert.StartsWith("commshub: 3 accounts", lines[^1]);
        var config = File.ReadAllText(Path.Combine(output, "mosquitto.conf"));
        Assert.Contains("listener 18883 127.0.0.1", config);
        Assert.Contains("listener 18884 127.0.0.1", config);
        Assert.Contains("allow_anonymous false", config);
        var acl = File.ReadAllText(Path.Combine(output, "acl"));
        Assert.Contains("user 02C04B10000001A2\ntopic write chub/02C04B10000001A2/up\ntopic write chub/02C04B10000001A2/status\ntopic read chub/02C04B10000001A2/down\n", acl);
        Assert.Contains("user 02C04B0000010000\ntopic write dcc/users/02C04B0000010000/requests\ntopic read dcc/users/02C04B0000010000/responses\n", acl);
        Assert.Contains("user adapter\ntopic read chub/+/up\ntopic read dcc/users/+/requests\ntopic read chub/+/status\ntopic readwrite dcc/adapters/+/status\n"
            + "topic write chub/+/down\ntopic write dcc/users/+/responses\n", acl);
        // Hashed, never the secret itself, and verifiable in Mosquitto's format.
        var passwords = File.ReadAllLines(Path.Combine(output, "passwords"));
        var hub = passwords.Single(l => l.StartsWith("02C04B10000001A2:", StringComparison.Ordinal));
        Assert.DoesNotContain(credentials.SecretOf("02C04B10000001A2")!, string.Join('\n', passwords));
        Assert.True(MosquittoPasswordHash.Verify(credentials.SecretOf("02C04B10000001A2")!, hub["02C04B10000001A2:".Length..]));
        Assert.DoesNotContain(credentials.SecretOf("02C04B10000001A2")!, string.Join('\n', lines));
    }

    [Fact]
    public void A_data_directory_without_credentials_is_refused_in_one_line()
    {
        var (exit, lines, err) = Run("broker", "mosquitto-config", "--data", Path.Combine(_dir, "empty"), "--out", Path.Combine(_dir, "out"));

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.Matches("^commshub: .*credentials.json does not exist: start the adapter once with this data directory.*\n$", err);
    }

    [Fact]
    public void A_forged_username_in_the_credentials_file_is_refused_before_anything_is_written()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data", "mqtt"));
        File.WriteAllText(Path.Combine(_dir, "data", "mqtt", "credentials.json"),
            "[{\"username\":\"adapter\",\"kind\":\"adapter\",\"secret\":\"s\"},{\"username\":\"X\\ntopic readwrite #\",\"kind\":\"hub\",\"secret\":\"s\"}]");

        var (exit, _, err) = Run("broker", "mosquitto-config", "--data", Path.Combine(_dir, "data"), "--out", Path.Combine(_dir, "out"));

        Assert.Equal(1, exit);
        Assert.Contains("is not a hub username", err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

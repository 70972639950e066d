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

    [Fact]
    public void Writes_the_config_passwords_acl_and_tls_files_and_prints_each()
    {
        var credentials = MqttCredentials.LoadOrCreate(Path.Combine(_dir, "data", "mqtt", "credentials.json"), [Hub], [User]);
        var output = Path.Combine(_dir, "out");

        var (exit, lines, err) = Run("broker", "mosquitto-config", "--data", Path.Combine(_dir, "data"), "--out", output, "--tls-port", "18883", "--plain-port", "18884");

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

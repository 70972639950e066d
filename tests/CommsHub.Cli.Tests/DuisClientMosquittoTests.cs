using CommsHub.Cli.Commands;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Mosquitto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// The CLI's DUIS client (<c>read-meter</c>, <c>send</c>) on the Mosquitto set-up <c>broker mosquitto-config</c> writes,
/// which ties each user to its username as client id: the suffixed id it uses beside a user's own client on the
/// embedded broker is refused there, and it connects under the username instead.
/// </summary>
public sealed class DuisClientMosquittoTests : IAsyncLifetime
{
    private const ulong User = 0x02C04B0000010000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-cli-mosq-" + Guid.NewGuid().ToString("N"));
    private MosquittoProcess? _broker;
    private int _port;

    public async Task InitializeAsync()
    {
        if (MosquittoProcess.Skip is not null) return; // the tests are skipped
        MqttCredentials.LoadOrCreate(Path.Combine(_dir, "mqtt", "credentials.json"), [], [User]);
        _port = MosquittoProcess.FreePort();
        var files = MosquittoConfigWriter.Write(new MosquittoConfigRequest
        {
            DataDirectory = _dir,
            OutDirectory = Path.Combine(_dir, "mosquitto"),
            PlainPort = _port,
            TlsPort = MosquittoProcess.FreePort(),
        });
        _broker = await MosquittoProcess.StartAsync(files.ConfigFile, _port);
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null) await _broker.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [MosquittoFact]
    public async Task The_cli_client_connects_and_subscribes_under_the_users_own_client_id()
    {
        var secret = MqttCredentials.Load(Path.Combine(_dir, "mqtt", "credentials.json")).SecretOf("02C04B0000010000");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await using var client = await DuisClient.ConnectAsync(new Uri("http://127.0.0.1:1"), User, "127.0.0.1", _port, secret, null, cts.Token);

        Assert.Contains("New client connected", _broker!.Log, StringComparison.Ordinal);
        Assert.Contains(" as 02C04B0000010000 ", _broker.Log, StringComparison.Ordinal);
    }
}

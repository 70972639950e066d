using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The service started in-process on loopback (HTTP port 0, MQTT port 0) over a fresh temporary data directory, so
/// the first start mints the test SMKI. Shared by the tests of one collection; stopped and deleted afterwards.
/// A subclass adds settings (e.g. <c>--demo</c>) and waits for what it needs in <see cref="StartedAsync"/>.
/// </summary>
public class CloudFixture : IAsyncLifetime
{
    private readonly string[] _settings;

    public CloudFixture() : this([])
    {
    }

    protected CloudFixture(params string[] settings) => _settings = settings;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "commshub-cloud-tests-" + Guid.NewGuid().ToString("N"));

    public StringWriter Banner { get; } = new();

    /// <summary>What the service logged (warnings and above, as <see cref="LoopbackArguments"/> sets).</summary>
    public LogCapture Logs { get; } = new();

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>An HTTP client that sends the operator token generated on the first start.</summary>
    public HttpClient Operator { get; private set; } = null!;

    public int MqttPort { get; private set; }

    public IdentitySet Identities => App.Services.GetRequiredService<IdentitySet>();

    public MqttCredentials Credentials => App.Services.GetRequiredService<MqttCredentials>();

    public async Task InitializeAsync()
    {
        if (!SharedData.Available) return; // every test here is a SharedData test and is skipped
        App = CloudApp.Create(LoopbackArguments(DataDirectory, _settings), s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs),
            console: Banner);
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(App)[0]), Timeout = TimeSpan.FromSeconds(15) };
        Operator = OperatorClient(App, DataDirectory);
        MqttPort = App.Services.GetRequiredService<EmbeddedBroker>().Port;
        await StartedAsync();
    }

    /// <summary>Runs once the service has started (a subclass waits here for what its tests need).</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (App is null) return;
        Http.Dispose();
        Operator.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// The command line of an adapter on loopback (HTTP and MQTT on any free port) over <paramref name="dataDirectory"/>,
    /// logging warnings and above, followed by <paramref name="settings"/> (a later setting overrides an earlier one).
    /// </summary>
    public static string[] LoopbackArguments(string dataDirectory, params string[] settings) =>
    [
        "--data-dir", dataDirectory,
        "--http-url", "http://127.0.0.1:0",
        "--mqtt-port", "0",
        "--duis-schemas", SharedData.PathOf("vectors/gbcs/duis"),
        "--Logging:LogLevel:Default=Warning",
        .. settings,
    ];

    /// <summary>
    /// Asserts that <paramref name="settings"/> stop the start in options validation, before the data directory is
    /// created, and returns the validation failures as one text.
    /// </summary>
    public static string RefusedStart(params string[] settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-cfg-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => CloudApp.Create(["--data-dir", dir, .. settings]));
        Assert.False(Directory.Exists(dir));
        return string.Join(" ", ex.Failures);
    }

    /// <summary>An HTTP client for <paramref name="app"/> carrying the token from <c>operator-token</c> in <paramref name="dataDirectory"/>.</summary>
    public static HttpClient OperatorClient(WebApplication app, string dataDirectory)
    {
        var client = new HttpClient { BaseAddress = new Uri(CloudApp.HttpAddresses(app)[0]), Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", File.ReadAllText(Path.Combine(dataDirectory, "operator-token")).Trim());
        return client;
    }

    /// <summary>Every file under the data directory with its length and write time: a fingerprint of what is persisted.</summary>
    public IReadOnlyList<string> Snapshot()
    {
        // Earlier requests' Sent marks are group-committed in the background (SentMarks); write them first, so the
        // fingerprint is of settled state and only what happens between two snapshots shows as a difference.
        App.Services.GetRequiredService<CommsHub.Dcc.Dispatch.SentMarks>().Flush();
        // Files by size and time, except the SQLite database: its files change under a background WAL checkpoint with
        // no change of content, so it is compared by content (every row of every table) instead.
        var lines = Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Where(f => !Path.GetFileName(f).StartsWith("commshub.db", StringComparison.Ordinal))
            .Select(f => $"{Path.GetRelativePath(DataDirectory, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}")
            .ToList();
        var db = Path.Combine(DataDirectory, "commshub.db");
        if (File.Exists(db)) lines.AddRange(DatabaseRows(db));
        return lines;
    }

    private static IEnumerable<string> DatabaseRows(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var r = list.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
        var rows = new List<string>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var r = select.ExecuteReader();
            var tableRows = new List<string>();
            while (r.Read())
            {
                var values = new object[r.FieldCount];
                r.GetValues(values);
                tableRows.Add(table + ": " + string.Join("|", values.Select(v => v is byte[] b ? Convert.ToHexString(b) : v?.ToString())));
            }
            tableRows.Sort(StringComparer.Ordinal);
            rows.AddRange(tableRows);
        }
        return rows;
    }
}

[CollectionDefinition(Name)]
public sealed class CloudCollection : ICollectionFixture<CloudFixture>
{
    public const string Name = "cloud host";
}

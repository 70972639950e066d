using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>The SQLite store's settings from <c>CommsHub:Storage:Sqlite</c>: bound into the host's store and validated.</summary>
public sealed class StorageConfigurationTests
{
    [SharedDataFact]
    public async Task Configured_sqlite_settings_reach_the_store()
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-storage-cfg-" + Guid.NewGuid().ToString("N"));
        var app = CloudApp.Create(
            ["--data-dir", dir, "--http-url", "http://127.0.0.1:0", "--mqtt-port", "0",
             "--duis-schemas", SharedData.PathOf("vectors/gbcs/duis"), "--Logging:LogLevel:Default=Warning",
             "--CommsHub:Storage:Sqlite:FileName=fleet.db", "--CommsHub:Storage:Sqlite:SynchronousNormal=false",
             "--CommsHub:Storage:Sqlite:MaxGroupCommit=8"],
            console: TextWriter.Null);
        try
        {
            var store = Assert.IsType<SqliteDccStore>(app.Services.GetRequiredService<IDccStore>());
            Assert.Equal(Path.Combine(Path.GetFullPath(dir), "fleet.db"), store.FilePath);
            Assert.True(File.Exists(store.FilePath));
            Assert.False(File.Exists(Path.Combine(dir, "commshub.db")));
        }
        finally
        {
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Theory]
    [InlineData("MaxGroupCommit", "0")]
    [InlineData("PageSize", "3000")]
    [InlineData("BusyTimeout", "00:00:00")]
    [InlineData("CheckpointAfterCommits", "-1")]
    [InlineData("FileName", "sub/commshub.db")]
    public void Invalid_sqlite_settings_stop_the_start(string setting, string value)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-cfg-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<OptionsValidationException>(() => CloudApp.Create(["--data-dir", dir, $"--CommsHub:Storage:Sqlite:{setting}", value]));
        Assert.Contains($"Storage:Sqlite:{setting}", string.Join(" ", ex.Failures));
        Assert.False(Directory.Exists(dir));
    }
}

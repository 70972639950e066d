using CommsHub.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// What the first start leaves on disk and in the log (issue 11, item 11): an owner-only data folder and database, and
/// no ASP.NET Core Data Protection key ring (nothing uses it) with its "stored unencrypted" warning.
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class DataFolderTests(CloudFixture cloud)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [SharedDataFact]
    public void The_data_folder_is_0700_and_the_database_files_0600()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cloud.DataDirectory));
        var database = Path.Combine(cloud.DataDirectory, "commshub.db");
        Assert.True(File.Exists(database));
        Assert.True(File.Exists(database + "-wal"), "the store runs in WAL mode: its -wal file should be there");
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists))
            Assert.True(File.GetUnixFileMode(file) == OwnerReadWrite, $"{file} is {File.GetUnixFileMode(file)}");
        Assert.DoesNotContain("warning", cloud.Banner.ToString(), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void No_data_protection_key_ring_is_made_or_warned_about()
    {
        Assert.Null(cloud.App.Services.GetService<IDataProtectionProvider>());
        Assert.DoesNotContain(cloud.Logs.Lines, l => l.Contains("DataProtection", StringComparison.Ordinal));
    }
}

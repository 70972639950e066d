using CommsHub.Firmware.Host.Storage;
using CommsHub.Firmware.Host.Tests.Support;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// Files replaced whole (temporary file, flush, rename) and the directory flush that makes the rename itself durable.
/// What a unit test cannot show is that the entries reach the platter: no power is cut here. These tests show that
/// the real libc calls run against a real directory (a missing one fails inside <c>open</c>), and that every durable
/// write flushes its directory after its rename.
/// </summary>
public class DurableFileTests
{
    [Fact]
    public void A_directory_flush_runs_open_and_fsync_on_a_real_directory_and_a_missing_one_fails_in_open()
    {
        using var dir = new TempDir();
        Assert.Equal([dir.Path], DirectoryFlushes.Observe(dir.Path, d => d, () => DirectorySync.Flush(dir.Path)));

        if (OperatingSystem.IsWindows()) return; // a no-op there
        string missing = Path.Combine(dir.Path, "missing");
        var e = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_durable_write_flushes_its_directory_after_the_rename_so_the_new_name_is_what_reaches_the_disk()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "state.txt");
        DurableFile.WriteAllText(path, "old", ownerOnly: false);

        var flushed = DirectoryFlushes.Observe(dir.Path, _ => (Content: File.ReadAllText(path), TemporaryLeft: File.Exists(path + ".tmp")),
            () => DurableFile.WriteAllText(path, "new", ownerOnly: true));

        // Once, and only after the rename: the name holds the new content and the temporary file is gone.
        var f = Assert.Single(flushed);
        Assert.Equal("new", f.Content);
        Assert.False(f.TemporaryLeft);
    }
}

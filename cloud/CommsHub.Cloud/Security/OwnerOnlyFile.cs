namespace CommsHub.Cloud.Security;

/// <summary>
/// Writes secrets (broker credentials, the operator token) readable by the owner only: mode 0600 from creation, never
/// wider even for an instant, and complete or absent (written under a temporary name, then renamed). Also creates the
/// data directory (0700) and the database file (0600) the same way.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Owner read/write: the mode every secret file is created with.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>. With <paramref name="overwrite"/> false an existing
    /// file is kept and false is returned, so two processes starting at once agree on the first one's content.
    /// </summary>
    public static bool Write(string path, Action<Stream> write, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // A unique temporary name: a leftover of a crash, or a concurrent writer's file, is never reused with its old mode.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = Mode;
        try
        {
            using (var stream = new FileStream(temp, options)) write(stream);
            if (!overwrite && File.Exists(path)) return false;
            File.Move(temp, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            return false; // another process won the race between the check and the rename
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Owner read/write/search: the mode the data directory is created with.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) with mode 0700 unless it exists; an existing one is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>
    /// Creates <paramref name="path"/> empty with mode 0600 unless it exists, so a program that fills it later keeps it
    /// owner-only: SQLite treats an empty file as a new database and gives its <c>-wal</c>, <c>-shm</c> and
    /// <c>-journal</c> files the database file's mode.
    /// </summary>
    public static void CreateEmpty(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = Mode;
        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // It exists already (another start created it in between): keep it.
        }
    }

    /// <summary>True when <paramref name="path"/> can be read or written by anyone but its owner (never on Windows).</summary>
    public static bool IsWiderThanOwner(string path) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0;
}

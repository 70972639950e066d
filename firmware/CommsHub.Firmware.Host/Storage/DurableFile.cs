namespace CommsHub.Firmware.Host.Storage;

/// <summary>
/// Writes a small file so that a crash or power loss at any point leaves either its old content or its new content,
/// never an empty or cut-short file: written whole to a temporary file beside it, flushed to the disk, renamed over it,
/// and then the directory flushed (<see cref="DirectorySync"/>), without which the rename itself may not survive a
/// power loss.
/// </summary>
public static class DurableFile
{
    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="text"/> (ASCII). <paramref name="ownerOnly"/>: the file
    /// is readable by its owner alone from its creation (on Unix), for key material.
    /// </summary>
    public static void WriteAllText(string path, string text, bool ownerOnly)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary); // one a crash left behind: a file's mode is set only when it is created
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(text));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}

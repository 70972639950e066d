namespace CommsHub.Firmware.Host.Storage;

/// <summary>
/// Creates a folder so that it survives a power loss with what is then written into it: a new folder's name lives in
/// its parent's entries, and on ext4 those reach the disk only when the parent is flushed. Without this, the key pair a
/// hub generates on its first start could be lost with its freshly created <c>keys/</c> folder, although each file was
/// written durably (<see cref="DurableFile"/>).
/// </summary>
public static class DurableDirectory
{
    /// <summary>
    /// Creates <paramref name="directory"/> and any missing folders above it, flushing the parent of each one it created
    /// (<see cref="DirectorySync"/>), from the top down. Nothing is flushed when the folder exists already.
    /// </summary>
    /// <exception cref="IOException">a folder cannot be created, or a parent cannot be flushed.</exception>
    public static void Create(string directory)
    {
        var full = Path.GetFullPath(directory);
        var missing = new Stack<string>();
        for (var d = full; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d)) missing.Push(d);
        if (missing.Count == 0) return;
        Directory.CreateDirectory(full);
        // The topmost first: each new name is flushed into a parent whose own name is on the disk already.
        foreach (var created in missing) DirectorySync.Flush(Path.GetDirectoryName(created)!);
    }
}

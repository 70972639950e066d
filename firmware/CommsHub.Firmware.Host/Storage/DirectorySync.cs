using System.Runtime.InteropServices;

namespace CommsHub.Firmware.Host.Storage;

/// <summary>
/// Makes a directory's entries durable: a file renamed into a directory, or created in it, survives a power loss only
/// once the directory itself reaches the disk. Flushing the file is not enough on ext4 and most Linux file systems (the
/// name lives in the directory's metadata), so a rename of a fully flushed temporary file can still be lost, leaving
/// the old file or none. .NET cannot open a directory (<c>File.OpenHandle</c> and <c>FileStream</c> refuse one with
/// <see cref="UnauthorizedAccessException"/> on .NET 10), so this opens it read-only with libc's <c>open</c> and
/// calls <c>fsync</c> on it. A no-op on Windows, which has no such call.
/// </summary>
public static class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int CloseOnExecLinux = 0x80000; // O_CLOEXEC on Linux: no child process inherits the descriptor
    private const int InvalidArgument = 22; // EINVAL: the file system cannot sync a directory (nothing to wait for)
    private const int Interrupted = 4; // EINTR

    /// <summary>Raised after each directory was flushed, with its path (tests observe it).</summary>
    internal static event Action<string>? Flushed;

    /// <summary>Flushes the entries of <paramref name="directory"/> to the disk.</summary>
    /// <exception cref="IOException">the directory cannot be opened, or the flush failed (what it holds may not be on the disk).</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd;
        do fd = Open(directory, ReadOnly | (OperatingSystem.IsLinux() ? CloseOnExecLinux : 0));
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);
        if (fd < 0) throw Failure("open", directory);
        try
        {
            int result;
            do result = FileSync(fd);
            while (result != 0 && Marshal.GetLastPInvokeError() == Interrupted);
            if (result != 0 && Marshal.GetLastPInvokeError() != InvalidArgument) throw Failure("flush", directory);
        }
        finally
        {
            Close(fd);
        }
        Flushed?.Invoke(directory);
    }

    private static IOException Failure(string what, string directory) =>
        new($"cannot {what} directory '{directory}' to make its entries durable: {Marshal.GetLastPInvokeErrorMessage()}");

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FileSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}

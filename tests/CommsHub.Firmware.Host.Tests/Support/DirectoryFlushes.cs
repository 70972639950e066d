using CommsHub.Firmware.Host.Storage;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>Watches <see cref="DirectorySync"/> flush one directory (the flushes of other tests' directories are ignored).</summary>
public static class DirectoryFlushes
{
    /// <summary>What <paramref name="atFlush"/> saw at each flush of <paramref name="directory"/> while <paramref name="work"/> ran.</summary>
    public static List<T> Observe<T>(string directory, Func<string, T> atFlush, Action work)
    {
        var seen = new List<T>();
        void OnFlushed(string d)
        {
            if (d != directory) return;
            lock (seen) seen.Add(atFlush(d));
        }
        DirectorySync.Flushed += OnFlushed;
        try { work(); }
        finally { DirectorySync.Flushed -= OnFlushed; }
        return seen;
    }
}

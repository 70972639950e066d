using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Tests;

/// <summary>An <see cref="IRandomAccessFile"/> in memory that counts flushes.</summary>
internal sealed class MemoryFile : IRandomAccessFile
{
    public byte[] Data = [];
    public int Flushes;

    public long Length => Data.Length;

    public int Read(long position, byte[] buffer, int offset, int count)
    {
        int n = (int)Math.Max(0, Math.Min(count, Data.Length - position));
        Array.Copy(Data, position, buffer, offset, n);
        return n;
    }

    public void Write(long position, byte[] data, int offset, int count)
    {
        if (position + count > Data.Length) Array.Resize(ref Data, (int)(position + count));
        Array.Copy(data, offset, Data, position, count);
    }

    public void Flush() => Flushes++;
}

/// <summary>An <see cref="IFlashFiles"/> of <see cref="MemoryFile"/>s (survives a simulated reboot).</summary>
internal sealed class MemoryFiles : IFlashFiles
{
    public readonly Dictionary<string, MemoryFile> Files = new();

    public IRandomAccessFile Open(string name)
    {
        if (!Files.TryGetValue(name, out var f)) Files[name] = f = new MemoryFile();
        return f;
    }

    public void DeleteAll(string[] names)
    {
        foreach (var n in names) Files.Remove(n);
    }
}

using CommsHub.Firmware.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace CommsHub.Firmware.Host.Storage;

/// <summary>
/// An <see cref="IBlockStore"/> over a fixed-size file with the NOR rules of <see cref="RamBlockStore"/>: a new file
/// starts erased (all 0xFF), programming only clears bits (a 0 -> 1 change fails the whole call before anything is
/// written) and erase works on whole sectors. So the persistence code the device runs is the code the virtual hub
/// runs, and its state survives a process restart. Reads and writes go straight to the file (no RAM copy: a fleet of
/// virtual hubs in one process stays small). Erase counts are kept for this process only (wear figures, not state).
/// Thread-safe.
/// </summary>
public sealed class FileBlockStore : IBlockStore, IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly int[] _eraseCounts;
    private readonly byte[] _erased;
    private readonly object _sync = new();
    private long _programCount;
    private long _bytesProgrammed;
    private long _totalErases;

    /// <summary>
    /// Opens <paramref name="path"/> as flash of <paramref name="sectorCount"/> sectors of <paramref name="sectorSize"/>
    /// bytes, creating it erased when it does not exist. <paramref name="writeThrough"/> asks the OS to reach the
    /// disk before a program returns (survives an OS crash, not just a process exit; slower).
    /// </summary>
    /// <exception cref="ArgumentException">non-positive geometry.</exception>
    /// <exception cref="IOException">an existing file of another size (a different partition layout).</exception>
    public FileBlockStore(string path, int sectorSize, int sectorCount, bool writeThrough = false)
    {
        if (sectorSize <= 0 || sectorCount <= 0) throw new ArgumentException("sector size and count must be positive");
        SectorSize = sectorSize;
        SectorCount = sectorCount;
        Path = System.IO.Path.GetFullPath(path);
        long length = (long)sectorSize * sectorCount;
        bool existed = File.Exists(Path);
        var options = writeThrough ? FileOptions.WriteThrough : FileOptions.None;
        _file = File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, options);
        _eraseCounts = new int[sectorCount];
        _erased = new byte[sectorSize];
        Array.Fill(_erased, (byte)0xFF);
        long actual = RandomAccess.GetLength(_file);
        if (existed && actual != 0 && actual != length)
        {
            _file.Dispose();
            throw new IOException($"flash image '{Path}' is {actual} bytes, expected {length} ({sectorCount} x {sectorSize})");
        }
        if (actual == 0)
        {
            // Blank flash reads 0xFF, not 0x00 as a new file would.
            for (int s = 0; s < sectorCount; s++) RandomAccess.Write(_file, _erased, (long)s * sectorSize);
        }
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public int SectorSize { get; }

    /// <inheritdoc />
    public int SectorCount { get; }

    /// <inheritdoc />
    public long ProgramCount { get { lock (_sync) return _programCount; } }

    /// <inheritdoc />
    public long BytesProgrammed { get { lock (_sync) return _bytesProgrammed; } }

    /// <inheritdoc />
    public long TotalErases { get { lock (_sync) return _totalErases; } }

    /// <inheritdoc />
    public int GetEraseCount(int sector)
    {
        if (sector < 0 || sector >= SectorCount) throw new BlockStoreException(BlockStoreError.OutOfRange, "no such sector");
        lock (_sync) return _eraseCounts[sector];
    }

    /// <inheritdoc />
    public void Read(int address, byte[] buffer, int offset, int count)
    {
        CheckRange(address, count);
        if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
            throw new BlockStoreException(BlockStoreError.OutOfRange, "buffer range");
        lock (_sync) ReadExactly(address, buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public void Program(int address, byte[] data, int offset, int count)
    {
        CheckRange(address, count);
        if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            throw new BlockStoreException(BlockStoreError.OutOfRange, "data range");
        lock (_sync)
        {
            var current = new byte[count];
            ReadExactly(address, current);
            // Check the whole range first so that a refused call changes nothing (as NOR flash drivers report it).
            for (int i = 0; i < count; i++)
            {
                if ((data[offset + i] & ~current[i] & 0xFF) != 0)
                    throw new BlockStoreException(BlockStoreError.NotErased, $"byte at 0x{address + i:X} is not erased");
                current[i] &= data[offset + i];
            }
            RandomAccess.Write(_file, current, address);
            _programCount++;
            _bytesProgrammed += count;
        }
    }

    /// <inheritdoc />
    public void Erase(int sector)
    {
        if (sector < 0 || sector >= SectorCount) throw new BlockStoreException(BlockStoreError.OutOfRange, "no such sector");
        lock (_sync)
        {
            RandomAccess.Write(_file, _erased, (long)sector * SectorSize);
            _eraseCounts[sector]++;
            _totalErases++;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();

    private void ReadExactly(long address, Span<byte> into)
    {
        int done = 0;
        while (done < into.Length)
        {
            int n = RandomAccess.Read(_file, into[done..], address + done);
            if (n <= 0) throw new BlockStoreException(BlockStoreError.OutOfRange, "flash image shorter than its geometry");
            done += n;
        }
    }

    private void CheckRange(int address, int count)
    {
        if (address < 0 || count < 0 || address > (long)SectorSize * SectorCount - count)
            throw new BlockStoreException(BlockStoreError.OutOfRange, "address range");
    }
}

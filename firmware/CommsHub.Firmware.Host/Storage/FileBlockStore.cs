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
/// <remarks>
/// A program must know the bytes it lands on (the NOR rule), which costs a file read before each write. The stores here
/// are written as logs (records appended into erased sectors), so per sector the store remembers, from its own erases
/// and programs, where the known-erased tail starts and the last known-erased gap below it (the commit byte a record
/// writes last, before its header): a program that lands wholly on known-erased bytes skips the read. That is two
/// integers and a gap per sector, and nothing is known about a sector of an image that existed before this process
/// opened it, nor after a failed write. What it knows assumes it is the image's only writer, as a hub's flash is (one
/// virtual hub per data directory). It took the virtual hub's flash reads per bench request from 8 to 1.
/// </remarks>
public sealed class FileBlockStore : IBlockStore, IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly int[] _eraseCounts;
    private readonly byte[] _erased;
    private readonly object _sync = new();
    // Per sector, offsets within it: everything from _erasedFrom on is known erased (SectorSize: nothing known), and so is
    // [_gapStart, _gapEnd) below it when non-empty.
    private readonly int[] _erasedFrom, _gapStart, _gapEnd;
    private byte[] _scratch = new byte[256];
    private long _programCount;
    private long _fileReads;
    private long _bytesProgrammed;
    private long _totalErases;

    /// <summary>
    /// Opens <paramref name="path"/> as flash of <paramref name="sectorCount"/> sectors of <paramref name="sectorSize"/>
    /// bytes, creating it erased when it does not exist. <paramref name="writeThrough"/> asks the OS to reach the
    /// disk before a program returns (survives an OS crash, not just a process exit; slower), and flushes a new image's
    /// folder so that its name reaches the disk too.
    /// </summary>
    /// <exception cref="ArgumentException">non-positive geometry.</exception>
    /// <exception cref="IOException">the image is open already (another hub on the same data folder); an existing file of another size (a different partition layout), unless it is a
    /// shorter one holding nothing but erased bytes (a creation cut short), which is completed.</exception>
    public FileBlockStore(string path, int sectorSize, int sectorCount, bool writeThrough = false)
    {
        if (sectorSize <= 0 || sectorCount <= 0) throw new ArgumentException("sector size and count must be positive");
        SectorSize = sectorSize;
        SectorCount = sectorCount;
        Path = System.IO.Path.GetFullPath(path);
        long length = (long)sectorSize * sectorCount;
        bool existed = File.Exists(Path);
        var options = writeThrough ? FileOptions.WriteThrough : FileOptions.None;
        try
        {
            // Exclusive (an advisory lock on Unix): what the store knows about erased bytes, and the stores above it,
            // assume it is the image's only writer, so a second hub on the same data folder is refused, not let in.
            _file = File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, options);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"flash image '{Path}' is in use (another hub on the same data folder?): {e.Message}", e);
        }
        _eraseCounts = new int[sectorCount];
        _erased = new byte[sectorSize];
        Array.Fill(_erased, (byte)0xFF);
        _erasedFrom = new int[sectorCount];
        _gapStart = new int[sectorCount];
        _gapEnd = new int[sectorCount];
        Array.Fill(_erasedFrom, sectorSize);
        long actual = RandomAccess.GetLength(_file);
        // A shorter image of nothing but 0xFF is one whose creation (below, a sector at a time) was cut short by a
        // crash: nothing was ever stored in it, so it is created again rather than refused for good.
        bool unfinished = existed && actual > 0 && actual < length && IsErased(actual);
        if (existed && actual != 0 && actual != length && !unfinished)
        {
            _file.Dispose();
            throw new IOException($"flash image '{Path}' is {actual} bytes, expected {length} ({sectorCount} x {sectorSize})");
        }
        if (actual == 0 || unfinished)
        {
            // Blank flash reads 0xFF, not 0x00 as a new file would.
            for (int s = 0; s < sectorCount; s++) RandomAccess.Write(_file, _erased, (long)s * sectorSize);
            Array.Fill(_erasedFrom, 0);
            // Written through, the programs reach the disk, but the image's name in its folder may not: a power loss
            // could take the whole image, and with it everything programmed since.
            if (writeThrough) FlushDirectoryOrClose();
        }
    }

    private void FlushDirectoryOrClose()
    {
        try
        {
            DirectorySync.Flush(System.IO.Path.GetDirectoryName(Path)!);
        }
        catch
        {
            _file.Dispose(); // a constructor that throws leaves no image locked
            throw;
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

    /// <summary>Reads of the image file so far (the caller's reads and the ones a program needs to check the NOR rule).</summary>
    public long FileReads { get { lock (_sync) return _fileReads; } }

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
            if (_scratch.Length < count) _scratch = new byte[Math.Max(count, _scratch.Length * 2)];
            var current = _scratch.AsSpan(0, count);
            if (KnownErased(address, count)) current.Fill(0xFF);
            else ReadExactly(address, current);
            // Check the whole range first so that a refused call changes nothing (as NOR flash drivers report it).
            for (int i = 0; i < count; i++)
            {
                if ((data[offset + i] & ~current[i] & 0xFF) != 0)
                    throw new BlockStoreException(BlockStoreError.NotErased, $"byte at 0x{address + i:X} is not erased");
                current[i] &= data[offset + i];
            }
            try
            {
                RandomAccess.Write(_file, current, address);
            }
            catch
            {
                // What reached the file is unknown: nothing in these sectors counts as erased until they are erased again.
                for (int s = address / SectorSize; s <= (address + count - 1) / SectorSize; s++) Forget(s);
                throw;
            }
            MarkProgrammed(address, count);
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
            Forget(sector);
            RandomAccess.Write(_file, _erased, (long)sector * SectorSize);
            _erasedFrom[sector] = 0;
            _eraseCounts[sector]++;
            _totalErases++;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();

    // True when the first `length` bytes of the file are all 0xFF (read in sector-sized pieces).
    private bool IsErased(long length)
    {
        var piece = new byte[SectorSize];
        for (long at = 0; at < length; at += piece.Length)
        {
            var part = piece.AsSpan(0, (int)Math.Min(piece.Length, length - at));
            ReadExactly(at, part);
            if (part.IndexOfAnyExcept((byte)0xFF) >= 0) return false;
        }
        return true;
    }

    private void Forget(int sector)
    {
        _erasedFrom[sector] = SectorSize;
        _gapStart[sector] = _gapEnd[sector] = 0;
    }

    // True when every byte of the range is known erased (per sector: in its erased tail or its known gap).
    private bool KnownErased(int address, int count)
    {
        for (int at = address, end = address + count; at < end;)
        {
            int sector = at / SectorSize, from = at - sector * SectorSize, to = Math.Min(end - sector * SectorSize, SectorSize);
            bool inTail = from >= _erasedFrom[sector], inGap = from >= _gapStart[sector] && to <= _gapEnd[sector];
            if (!inTail && !inGap) return false;
            at = (sector + 1) * SectorSize;
        }
        return true;
    }

    // The range now holds programmed bytes: it leaves the known-erased gap, and a program beyond the erased tail's start
    // moves that start past it (the bytes skipped over become the sector's gap, replacing an older one).
    private void MarkProgrammed(int address, int count)
    {
        for (int at = address, end = address + count; at < end;)
        {
            int sector = at / SectorSize, from = at - sector * SectorSize, to = Math.Min(end - sector * SectorSize, SectorSize);
            ref int gapStart = ref _gapStart[sector], gapEnd = ref _gapEnd[sector], erasedFrom = ref _erasedFrom[sector];
            if (from < gapEnd && to > gapStart)
            {
                if (from <= gapStart) gapStart = Math.Min(to, gapEnd);
                else if (to >= gapEnd) gapEnd = from;
                else if (from - gapStart >= gapEnd - to) gapEnd = from;
                else gapStart = to;
            }
            if (to > erasedFrom)
            {
                if (from > erasedFrom) (gapStart, gapEnd) = (erasedFrom, from);
                erasedFrom = to;
            }
            at = (sector + 1) * SectorSize;
        }
    }

    private void ReadExactly(long address, Span<byte> into)
    {
        _fileReads++;
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

namespace CommsHub.Firmware.Host.Storage;

/// <summary>
/// The flash partitions of one virtual hub, one image file each under its data directory, as a board partitions its
/// flash: every persisted part (device log, counters, trust anchors, event and security logs, WAN outbox) owns its
/// sectors, so a fault or a format change in one cannot corrupt another.
/// </summary>
public sealed class HubFlash : IDisposable
{
    /// <summary>Sector size of every partition (a common NOR erase unit; a full 16-device log snapshot fits one).</summary>
    public const int SectorSize = 4096;

    /// <summary>Sectors of the WAN outbox (rotates through them; holds <see cref="OutboxCapacity"/> frames).</summary>
    public const int OutboxSectors = 8;

    /// <summary>Frames the outbox queues at most while the broker is away.</summary>
    public const int OutboxCapacity = 64;

    private readonly List<FileBlockStore> _opened = [];

    private HubFlash(string directory, bool writeThrough)
    {
        Directory = directory;
        try
        {
            DeviceLog = Open("devicelog.flash", 2, writeThrough);
            Counters = Open("counters.flash", 2, writeThrough);
            TrustAnchors = Open("anchors.flash", 2, writeThrough);
            EventLog = Open("events.flash", 2, writeThrough);
            SecurityLog = Open("security.flash", 2, writeThrough);
            Outbox = Open("outbox.flash", OutboxSectors, writeThrough);
        }
        catch
        {
            // Images opened before the one that failed stay locked until closed.
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens (creating erased images as needed) the partitions under <paramref name="directory"/>, each for this
    /// instance alone until it is disposed.
    /// </summary>
    /// <exception cref="IOException">an image is open already (another hub on the same folder), or of another size.</exception>
    public static HubFlash Open(string directory, bool writeThrough = false)
    {
        DurableDirectory.Create(directory);
        return new HubFlash(directory, writeThrough);
    }

    /// <summary>Where the images live.</summary>
    public string Directory { get; }

    /// <summary>CHF Device Log snapshots.</summary>
    public FileBlockStore DeviceLog { get; }

    /// <summary>Originator counters (anti-replay) and the hub's own counter reservation.</summary>
    public FileBlockStore Counters { get; }

    /// <summary>Trust anchor cells.</summary>
    public FileBlockStore TrustAnchors { get; }

    /// <summary>Event log ring.</summary>
    public FileBlockStore EventLog { get; }

    /// <summary>Security log ring.</summary>
    public FileBlockStore SecurityLog { get; }

    /// <summary>WAN outbox.</summary>
    public FileBlockStore Outbox { get; }

    private FileBlockStore Open(string name, int sectors, bool writeThrough)
    {
        var store = new FileBlockStore(Path.Combine(Directory, name), SectorSize, sectors, writeThrough);
        _opened.Add(store);
        return store;
    }

    /// <summary>Closes every image.</summary>
    public void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
    }
}

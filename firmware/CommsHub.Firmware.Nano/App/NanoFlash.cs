using CommsHub.Firmware.Core.Storage;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The hub's flash partitions on the board's internal drive, one file each, with the same geometry as the virtual
    /// hub's HubFlash (firmware/CommsHub.Firmware.Host/Storage/HubFlash.cs): every persisted part owns its sectors, so a
    /// fault or format change in one cannot corrupt another. Budget: 5 x 2 + 8 = 18 sectors of 4 KB = 72 KB of the
    /// drive (hardware/README.md, memory budget).
    /// </summary>
    public sealed class NanoFlash
    {
        /// <summary>Sector size of every partition (a common NOR erase unit; a full 16-device log snapshot fits one).</summary>
        public const int SectorSize = 4096;

        /// <summary>Sectors of each small partition (device log, counters, anchors, event log, security log): two, to rotate.</summary>
        public const int SmallPartitionSectors = 2;

        /// <summary>Sectors of the WAN outbox.</summary>
        public const int OutboxSectors = 8;

        /// <summary>Frames the outbox queues at most while the broker is away.</summary>
        public const int OutboxCapacity = 64;

        /// <summary>The partition file names, in a fixed order (factory reset deletes exactly these).</summary>
        public static readonly string[] FileNames = new string[]
        {
            "devicelog.flash", "counters.flash", "anchors.flash", "events.flash", "security.flash", "outbox.flash",
        };

        private NanoFlash(IFlashFiles files)
        {
            DeviceLog = Open(files, 0, SmallPartitionSectors);
            Counters = Open(files, 1, SmallPartitionSectors);
            TrustAnchors = Open(files, 2, SmallPartitionSectors);
            EventLog = Open(files, 3, SmallPartitionSectors);
            SecurityLog = Open(files, 4, SmallPartitionSectors);
            Outbox = Open(files, 5, OutboxSectors);
        }

        /// <summary>Opens every partition through <paramref name="files"/>, formatting missing ones erased.</summary>
        public static NanoFlash Open(IFlashFiles files)
        {
            if (files == null) throw new System.ArgumentNullException("files");
            return new NanoFlash(files);
        }

        /// <summary>Total bytes the partitions occupy on the drive.</summary>
        public static int TotalBytes { get { return (5 * SmallPartitionSectors + OutboxSectors) * SectorSize; } }

        /// <summary>CHF Device Log snapshots.</summary>
        public IBlockStore DeviceLog { get; private set; }

        /// <summary>Originator counters (anti-replay) and the hub's own counter reservation.</summary>
        public IBlockStore Counters { get; private set; }

        /// <summary>Trust anchor cells.</summary>
        public IBlockStore TrustAnchors { get; private set; }

        /// <summary>Event log ring.</summary>
        public IBlockStore EventLog { get; private set; }

        /// <summary>Security log ring.</summary>
        public IBlockStore SecurityLog { get; private set; }

        /// <summary>WAN outbox.</summary>
        public IBlockStore Outbox { get; private set; }

        private static IBlockStore Open(IFlashFiles files, int index, int sectors)
        {
            return new NorFileBlockStore(files.Open(FileNames[index]), SectorSize, sectors);
        }
    }
}

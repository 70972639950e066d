using System;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// Carves one flash into the hub's partitions, in a fixed order so that a given <see cref="FlashLayoutOptions"/>
    /// always maps each part to the same sectors across reboots and firmware builds: device log, originator counters,
    /// trust anchors, event log, security log, outbox. Partitions are contiguous and never overlap, and each one
    /// refuses addresses outside itself, so a fault or power cut while one part writes cannot reach another.
    /// </summary>
    public sealed class FlashLayout
    {
        private readonly FlashPartition[] _all;

        private FlashLayout(IBlockStore flash, FlashPartition[] all)
        {
            Flash = flash;
            _all = all;
        }

        /// <summary>Carves <paramref name="flash"/> as <paramref name="options"/> says (null: the defaults).</summary>
        /// <exception cref="ArgumentException">a part with fewer than 2 sectors, or a layout larger than the flash.</exception>
        public static FlashLayout Carve(IBlockStore flash, FlashLayoutOptions options)
        {
            if (flash == null) throw new ArgumentNullException("flash");
            if (options == null) options = new FlashLayoutOptions();
            int[] sizes = new int[]
            {
                options.DeviceLogSectors, options.CounterSectors, options.TrustAnchorSectors,
                options.EventLogSectors, options.SecurityLogSectors, options.OutboxSectors,
            };
            string[] names = new string[] { "device log", "originator counters", "trust anchors", "event log", "security log", "outbox" };
            if (options.FirstSector < 0) throw new ArgumentException("first sector must not be negative");
            int next = options.FirstSector;
            for (int i = 0; i < sizes.Length; i++)
            {
                // Every part rotates records between sectors: with one sector a power cut during its erase loses all.
                if (sizes[i] < 2) throw new ArgumentException(names[i] + " needs at least 2 sectors");
                next += sizes[i];
            }
            if (next > flash.SectorCount)
                throw new ArgumentException("layout needs " + next.ToString() + " sectors, the flash has " + flash.SectorCount.ToString());
            FlashPartition[] all = new FlashPartition[sizes.Length];
            next = options.FirstSector;
            for (int i = 0; i < sizes.Length; i++)
            {
                all[i] = new FlashPartition(flash, next, sizes[i], names[i]);
                next += sizes[i];
            }
            return new FlashLayout(flash, all);
        }

        /// <summary>The whole flash.</summary>
        public IBlockStore Flash { get; private set; }

        /// <summary>CHF Device Log.</summary>
        public FlashPartition DeviceLog { get { return _all[0]; } }

        /// <summary>Originator counters.</summary>
        public FlashPartition Counters { get { return _all[1]; } }

        /// <summary>Trust anchor cells.</summary>
        public FlashPartition TrustAnchors { get { return _all[2]; } }

        /// <summary>Event log.</summary>
        public FlashPartition EventLog { get { return _all[3]; } }

        /// <summary>Security log.</summary>
        public FlashPartition SecurityLog { get { return _all[4]; } }

        /// <summary>WAN outbox.</summary>
        public FlashPartition Outbox { get { return _all[5]; } }

        /// <summary>Number of partitions.</summary>
        public int Count { get { return _all.Length; } }

        /// <summary>Partition <paramref name="index"/> in layout order.</summary>
        public FlashPartition Get(int index) { return _all[index]; }

        /// <summary>First sector after the layout (free for other uses).</summary>
        public int EndSector
        {
            get
            {
                FlashPartition last = _all[_all.Length - 1];
                return last.FirstSector + last.SectorCount;
            }
        }
    }
}

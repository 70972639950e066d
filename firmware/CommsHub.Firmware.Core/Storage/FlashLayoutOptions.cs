namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// How many sectors each part of the hub gets on its one flash (see <see cref="FlashLayout"/>). Every part rotates
    /// between sectors, so each needs at least 2. The defaults suit 4 KB NOR sectors: the record logs hold one
    /// snapshot per sector, a 100-entry log ring fills one 4 KB sector and keeps one spare, and the outbox gets room
    /// for a broker outage.
    /// </summary>
    public sealed class FlashLayoutOptions
    {
        /// <summary>First sector of the layout (sectors before it stay free, e.g. for a boot loader's data).</summary>
        public int FirstSector;
        /// <summary>CHF Device Log snapshots.</summary>
        public int DeviceLogSectors = 2;
        /// <summary>Originator counters.</summary>
        public int CounterSectors = 2;
        /// <summary>Trust anchor cells.</summary>
        public int TrustAnchorSectors = 2;
        /// <summary>Event log ring.</summary>
        public int EventLogSectors = 2;
        /// <summary>Security log ring.</summary>
        public int SecurityLogSectors = 2;
        /// <summary>WAN outbox.</summary>
        public int OutboxSectors = 8;

        /// <summary>Sectors the layout takes in all (after <see cref="FirstSector"/>).</summary>
        public int TotalSectors
        {
            get { return DeviceLogSectors + CounterSectors + TrustAnchorSectors + EventLogSectors + SecurityLogSectors + OutboxSectors; }
        }
    }
}

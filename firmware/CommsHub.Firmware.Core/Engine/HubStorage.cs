using System;
using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Core.Wan;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// Every persisted part of a hub opened from one flash through a <see cref="FlashLayout"/>: what a board (one SPI
    /// NOR chip) or the virtual hub (one file) boots from. <see cref="ApplyTo"/> hands the parts to a
    /// <see cref="HubEngineConfig"/>; reopening over the same flash after a reboot restores them all.
    /// </summary>
    public sealed class HubStorage
    {
        private HubStorage() { }

        /// <summary>The partitions.</summary>
        public FlashLayout Layout { get; private set; }
        /// <summary>The CHF Device Log.</summary>
        public ChfDeviceLog DeviceLog { get; private set; }
        /// <summary>Originator counters.</summary>
        public OriginatorCounterStore Counters { get; private set; }
        /// <summary>Trust anchor cells.</summary>
        public TrustAnchors TrustAnchors { get; private set; }
        /// <summary>Event log.</summary>
        public EventLog EventLog { get; private set; }
        /// <summary>Security log.</summary>
        public SecurityLog SecurityLog { get; private set; }
        /// <summary>WAN outbox.</summary>
        public Outbox Outbox { get; private set; }

        /// <summary>
        /// Carves <paramref name="flash"/> with <paramref name="layout"/> (null: defaults) and opens every part. Log and
        /// outbox capacities are the defaults (100 entries each log, <paramref name="outboxCapacity"/> frames), cut down
        /// to what their partitions can hold.
        /// </summary>
        /// <exception cref="ArgumentException">the layout does not fit, or a partition is too small for its part.</exception>
        public static HubStorage Open(IBlockStore flash, FlashLayoutOptions layout, IAes128 aes, IClock clock,
            DeviceLogOptions deviceLog, ulong firstOwnCounter, int outboxCapacity)
        {
            HubStorage s = new HubStorage();
            FlashLayout l = FlashLayout.Carve(flash, layout);
            s.Layout = l;
            s.DeviceLog = ChfDeviceLog.Open(l.DeviceLog, aes, clock, deviceLog);
            s.Counters = OriginatorCounterStore.Open(l.Counters, firstOwnCounter);
            s.TrustAnchors = TrustAnchors.Open(l.TrustAnchors);
            s.EventLog = new EventLog(l.EventLog, RingCapacity(l.EventLog, EventLog.DefaultCapacity));
            s.SecurityLog = new SecurityLog(l.SecurityLog, RingCapacity(l.SecurityLog, SecurityLog.DefaultCapacity));
            s.Outbox = Outbox.Mount(l.Outbox, 0, l.Outbox.SectorCount, outboxCapacity);
            return s;
        }

        /// <summary>Sets the persisted parts of <paramref name="config"/>, and its uplink to the outbox when none is set.</summary>
        public void ApplyTo(HubEngineConfig config)
        {
            if (config == null) throw new ArgumentNullException("config");
            config.DeviceLog = DeviceLog;
            config.Counters = Counters;
            config.TrustAnchors = TrustAnchors;
            config.EventLog = EventLog;
            config.SecurityLog = SecurityLog;
            if (config.Uplink == null) config.Uplink = Outbox;
        }

        // A log ring keeps one sector spare for recycling, so small partitions hold fewer than the default.
        private static int RingCapacity(IBlockStore store, int wanted)
        {
            int fits = (store.SectorCount - 1) * (store.SectorSize / LogRing.SlotSize);
            return wanted < fits ? wanted : fits;
        }
    }
}

using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Logs
{
    /// <summary>
    /// The CHF Event Log (read by ECS35c, Profile Generic 0-0:99.98.0.255): device log changes, joins, leaves,
    /// firmware events and actioned commands, each with a few detail bytes, in a persisted <see cref="LogRing"/>. An entry
    /// the flash fails to take is counted in <see cref="LostEntries"/>, never thrown: the event it records still happens.
    /// </summary>
    public sealed class EventLog
    {
        /// <summary>Default capacity.</summary>
        public const int DefaultCapacity = 100;
        private readonly LogRing _ring;
        private readonly byte[] _detail = new byte[LogRing.MaxDetailLength];

        /// <summary>Mounts the event log on its own sectors.</summary>
        public EventLog(IBlockStore store, int capacity)
        {
            _ring = LogRing.Open(store, capacity);
        }

        /// <summary>The underlying ring.</summary>
        public LogRing Ring { get { return _ring; } }

        /// <summary>Entries that could not be written because the flash failed (counted, never thrown).</summary>
        public long LostEntries { get { return _ring.LostEntries; } }

        /// <summary>Records an event with no detail.</summary>
        public void Record(uint time, int eventCode)
        {
            _ring.TryAppend(time, eventCode, _detail, 0, 0);
        }

        /// <summary>Records an event whose detail is a device EUI-64 (joins, leaves, device log changes).</summary>
        public void RecordDevice(uint time, int eventCode, ulong eui)
        {
            BigEndian.WriteUInt64(_detail, 0, eui);
            _ring.TryAppend(time, eventCode, _detail, 0, 8);
        }

        /// <summary>Records an event whose detail is a 2-byte message code (how RTDS ECS35c shows actioned commands).</summary>
        public void RecordCommand(uint time, int eventCode, int messageCode)
        {
            BigEndian.WriteUInt16(_detail, 0, messageCode);
            _ring.TryAppend(time, eventCode, _detail, 0, 2);
        }

        /// <summary>Records an event with arbitrary detail (firmware versions, ...).</summary>
        public void Record(uint time, int eventCode, byte[] detail, int offset, int count)
        {
            _ring.TryAppend(time, eventCode, detail, offset, count);
        }

        /// <summary>Entries with from &lt;= time &lt;= to, oldest first.</summary>
        public LogEntry[] Read(uint from, uint to)
        {
            return _ring.Read(from, to, _ring.Capacity);
        }
    }
}

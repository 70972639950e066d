using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Logs
{
    /// <summary>
    /// The CHF Security Log (read by ECS35d, 0-0:99.98.1.255): every rejected message with its GBCS event code and
    /// reason, in a persisted <see cref="LogRing"/>. Detail: reason(1) message code(2) originator(8) low 4 bytes of
    /// the originator counter(4), so an operator can tell a replay from a forgery without the frame. ECS35d returns
    /// only time and code (two columns, as RTDS); the detail stays on the hub. An entry the flash fails to take is counted
    /// in <see cref="LostEntries"/>, never thrown: the message is rejected all the same.
    /// </summary>
    public sealed class SecurityLog
    {
        /// <summary>Default capacity.</summary>
        public const int DefaultCapacity = 100;
        /// <summary>Bytes of detail per rejection.</summary>
        public const int DetailLength = 15;
        private readonly LogRing _ring;
        private readonly byte[] _detail = new byte[LogRing.MaxDetailLength];

        /// <summary>Mounts the security log on its own sectors.</summary>
        public SecurityLog(IBlockStore store, int capacity)
        {
            _ring = LogRing.Open(store, capacity);
        }

        /// <summary>The underlying ring.</summary>
        public LogRing Ring { get { return _ring; } }

        /// <summary>Entries that could not be written because the flash failed (counted, never thrown).</summary>
        public long LostEntries { get { return _ring.LostEntries; } }

        /// <summary>The GBCS event code logged for a rejection reason.</summary>
        public static int EventCodeFor(SecurityReason reason)
        {
            switch (reason)
            {
                case SecurityReason.Malformed:
                case SecurityReason.NotACommand:
                    return EventCodes.CommandIntegrityFailed;
                case SecurityReason.Replay:
                case SecurityReason.CounterNotRecorded:
                    return EventCodes.FailedAuthenticationOther;
                case SecurityReason.UnknownOriginator:
                    return EventCodes.SourceNotAuthorised;
                default:
                    return EventCodes.TrustedSourceAuthenticationFailure;
            }
        }

        /// <summary>Records a rejected message (message code and originator 0 when the frame did not parse).</summary>
        public void RecordRejection(uint time, SecurityReason reason, int messageCode, ulong originator, ulong counter)
        {
            _detail[0] = (byte)reason;
            BigEndian.WriteUInt16(_detail, 1, messageCode & 0xFFFF);
            BigEndian.WriteUInt64(_detail, 3, originator);
            BigEndian.WriteUInt32(_detail, 11, (uint)counter);
            _ring.TryAppend(time, EventCodeFor(reason), _detail, 0, DetailLength);
        }

        /// <summary>Records another security event (e.g. a firmware verification failure) without detail.</summary>
        public void Record(uint time, int eventCode)
        {
            _ring.TryAppend(time, eventCode, _detail, 0, 0);
        }

        /// <summary>Entries with from &lt;= time &lt;= to, oldest first.</summary>
        public LogEntry[] Read(uint from, uint to)
        {
            return _ring.Read(from, to, _ring.Capacity);
        }

        /// <summary>The reason byte of a rejection entry (0 for entries without one).</summary>
        public static SecurityReason ReasonOf(LogEntry e)
        {
            return e.Detail != null && e.Detail.Length == DetailLength ? (SecurityReason)e.Detail[0] : 0;
        }
    }
}

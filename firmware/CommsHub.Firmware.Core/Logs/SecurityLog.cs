using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Logs
{
    /// <summary>
    /// The CHF Security Log (read by ECS35d, 0-0:99.98.1.255): rejected messages with their GBCS event code and
    /// reason, in a persisted <see cref="LogRing"/>. Detail: reason(1) message code(2) originator(8) low 4 bytes of
    /// the originator counter(4) [repeats(1)], so an operator can tell a replay from a forgery without the frame. ECS35d returns
    /// only time and code (two columns, as RTDS); the detail stays on the hub. An entry the flash fails to take is counted
    /// in <see cref="LostEntries"/>, never thrown: the message is rejected all the same.
    /// </summary>
    public sealed class SecurityLog
    {
        /// <summary>Default capacity.</summary>
        public const int DefaultCapacity = 100;
        /// <summary>Bytes of detail per rejection; one more (the repeat count) when rejections were held back before it.</summary>
        public const int DetailLength = 15;
        /// <summary>Rejections of one event code written at once before the limit holds them to one per <see cref="RefillSeconds"/>.</summary>
        public const int Burst = 4;
        /// <summary>Seconds for one more rejection of an event code to be written once its burst is spent.</summary>
        public const uint RefillSeconds = 60;
        /// <summary>Bytes of detail of a refused join (the device's EUI-64); one more when refusals were held back before it.</summary>
        public const int JoinDetailLength = 8;
        private const int Codes = 5;
        private readonly LogRing _ring;
        private readonly byte[] _detail = new byte[LogRing.MaxDetailLength];
        // Per rejection event code: one sender can send any number of rejected frames (a bad MAC needs no key), and
        // each entry pushes the oldest out of the ring and wears its sectors; beyond a burst they are counted instead.
        private readonly BurstLimit _limit = new BurstLimit(Codes, Burst, RefillSeconds);

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

        /// <summary>Rejections held back by the burst limit and not yet counted on an entry (all event codes).</summary>
        public long Suppressed { get { return _limit.Refused; } }

        /// <summary>
        /// Records a rejected message (message code and originator 0 when the frame did not parse). Of one event code,
        /// <see cref="Burst"/> are written at once and then one per <see cref="RefillSeconds"/>; the ones between are
        /// counted in <see cref="Suppressed"/> and the next entry of that code carries their number (<see cref="RepeatsOf"/>),
        /// so a flood neither pushes the entries before it out of the ring nor wears its sectors out.
        /// </summary>
        public void RecordRejection(uint time, SecurityReason reason, int messageCode, ulong originator, ulong counter)
        {
            int code = EventCodeFor(reason);
            int repeats;
            if (!_limit.Take(SlotOf(code), time, out repeats)) return;
            _detail[0] = (byte)reason;
            BigEndian.WriteUInt16(_detail, 1, messageCode & 0xFFFF);
            BigEndian.WriteUInt64(_detail, 3, originator);
            BigEndian.WriteUInt32(_detail, 11, (uint)counter);
            Write(time, code, DetailLength, repeats);
        }

        /// <summary>
        /// Records a HAN join the device log did not allow (0x8F48 Device joining failed; detail: the device's EUI-64),
        /// under the same burst limit as rejections: a device can retry its join without end.
        /// </summary>
        public void RecordRefusedJoin(uint time, ulong eui)
        {
            int repeats;
            if (!_limit.Take(SlotOf(EventCodes.DeviceJoiningFailed), time, out repeats)) return;
            BigEndian.WriteUInt64(_detail, 0, eui);
            Write(time, EventCodes.DeviceJoiningFailed, JoinDetailLength, repeats);
        }

        // The repeat count, when there is one, is the byte after the fixed detail.
        private void Write(uint time, int code, int length, int repeats)
        {
            _detail[length] = (byte)(repeats > 0xFF ? 0xFF : repeats);
            _ring.TryAppend(time, code, _detail, 0, repeats > 0 ? length + 1 : length);
        }

        /// <summary>Entries of the same event code held back before this one (255: that many or more; 0 for others).</summary>
        public static int RepeatsOf(LogEntry e)
        {
            int length = e.EventCode == EventCodes.DeviceJoiningFailed ? JoinDetailLength : DetailLength;
            return e.Detail != null && e.Detail.Length == length + 1 ? e.Detail[length] : 0;
        }

        private static int SlotOf(int eventCode)
        {
            switch (eventCode)
            {
                case EventCodes.CommandIntegrityFailed: return 0;
                case EventCodes.FailedAuthenticationOther: return 1;
                case EventCodes.SourceNotAuthorised: return 2;
                case EventCodes.DeviceJoiningFailed: return 4;
                default: return 3;
            }
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
            return e.Detail != null && (e.Detail.Length == DetailLength || e.Detail.Length == DetailLength + 1) ? (SecurityReason)e.Detail[0] : 0;
        }
    }
}

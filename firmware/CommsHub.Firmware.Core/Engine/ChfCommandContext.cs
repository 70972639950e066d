using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Time;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// What a CHF command handler may use: the device log, the event and security logs, the firmware version, the
    /// radio statistics and the clock. Not the engine: a handler cannot send frames, spend counters or raise alerts;
    /// it reports what it changed (<see cref="ChfCommandEffects"/>) and the engine answers and alerts from that.
    /// </summary>
    internal sealed class ChfCommandContext
    {
        private readonly IClock _clock;

        internal ChfCommandContext(HubEngineConfig config)
        {
            _clock = config.Clock;
            DeviceLog = config.DeviceLog;
            TrustAnchors = config.TrustAnchors;
            EventLog = config.EventLog;
            SecurityLog = config.SecurityLog;
            FirmwareVersion = config.FirmwareVersion;
            Eui = config.Eui;
            ModelIdentity = config.ModelIdentity == null ? new byte[0] : config.ModelIdentity;
            TypeIdentity = config.TypeIdentity == null ? new byte[0] : config.TypeIdentity;
            LinkStatus = config.LinkStatus;
            StepsToRun = int.MaxValue;
        }

        /// <summary>The CHF Device Log.</summary>
        internal ChfDeviceLog DeviceLog { get; private set; }

        /// <summary>The hub's trust anchor cells (CS02a reports them).</summary>
        internal TrustAnchors TrustAnchors { get; private set; }

        /// <summary>The event log (ECS35c).</summary>
        internal EventLog EventLog { get; private set; }

        /// <summary>The security log (ECS35d).</summary>
        internal SecurityLog SecurityLog { get; private set; }

        /// <summary>The running image's version (ECS52).</summary>
        internal byte[] FirmwareVersion { get; private set; }

        /// <summary>The CHF's EUI-64.</summary>
        internal ulong Eui { get; private set; }

        /// <summary>The hub's model identity (0-0:96.1.4.255), never null.</summary>
        internal byte[] ModelIdentity { get; private set; }

        /// <summary>The hub's type identity (0-0:96.1.6.255), never null.</summary>
        internal byte[] TypeIdentity { get; private set; }

        /// <summary>Radio statistics provider, or null (CCS06 then reports ids and times only).</summary>
        internal IHanLinkStatus LinkStatus { get; private set; }

        /// <summary>
        /// Steps (DLMS accesses) of the current command the handler may run: the engine lowers it to the failing step
        /// of an armed <see cref="ChfStepFault"/>, so a handler whose later steps change state skips them (CCS01's
        /// join timeout and joining enable). Very large when no fault is armed.
        /// </summary>
        internal int StepsToRun { get; set; }

        /// <summary>True when step <paramref name="step"/> of the current command may run.</summary>
        internal bool Runs(int step) { return step < StepsToRun; }

        /// <summary>Now, in <see cref="HubTime"/> seconds.</summary>
        internal uint Now { get { return HubTime.ToSeconds(_clock.UtcNow); } }
    }
}

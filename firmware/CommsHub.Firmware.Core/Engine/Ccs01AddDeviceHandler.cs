using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CCS01 Add Device to CHF device log (0x0001): register_device, then join_timeout, then enable_joining, each
    /// answered with its own result. A device already in the log keeps its key (the new one is discarded, result
    /// success); GPF and HHT are never recorded (success, no change). A new entry is reported, so the engine's CS14
    /// follows the response.
    /// </summary>
    internal sealed class Ccs01AddDeviceHandler : ChfCommandHandler
    {
        private Ccs01AddDevice _command;


        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _command = Ccs01AddDevice.Decode(buffer, offset, count);
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            ChfDeviceLog log = context.DeviceLog;
            Ccs01AddDevice c = _command;
            _command = null;
            int register = DlmsResults.OtherReason;
            int timeout = DlmsResults.OtherReason;
            int joining = DlmsResults.OtherReason;
            ChfCommandEffects effects = ChfCommandEffects.None;
            try
            {
                // Device types on the wire are the GBCS enum 0..6 (DeviceType); others are refused.
                if (c.DeviceType >= 0 && c.DeviceType <= (int)DeviceType.Type2)
                {
                    DeviceLogResult added = log.Register(c.DeviceId, (DeviceType)c.DeviceType, c.InstallCode);
                    register = DlmsResults.From(added);
                    // Only a new entry changes the log (a logged device keeps its key; a GPF or HHT is not recorded).
                    if (added == DeviceLogResult.Success) effects = ChfCommandEffects.DeviceLogChanged;
                }
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                register = DlmsResults.HardwareFault;
            }
            // Under an armed fault (ChfStepFault) the steps from the failing one on change nothing; the engine answers them.
            try
            {
                if (context.Runs(1)) timeout = DlmsResults.From(log.SetJoinTimeout(c.JoinTimeout));
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                timeout = DlmsResults.HardwareFault;
            }
            try
            {
                if (context.Runs(2)) joining = DlmsResults.From(log.SetJoiningEnabled(c.EnableJoining));
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                joining = DlmsResults.HardwareFault;
            }
            Ccs01AddDevice.BuildResponse(c.LongInvokeIdAndPriority, register, timeout, joining).Encode(response);
            return effects;
        }
    }
}

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
    /// success); GPF and HHT are never recorded (success, no change). The CS14 follows from the device log's change.
    /// </summary>
    internal sealed class Ccs01AddDeviceHandler : ChfCommandHandler
    {
        private Ccs01AddDevice _command;

        internal override bool Handles(int messageCode) { return messageCode == MessageCodes.CCS01; }

        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _command = Ccs01AddDevice.Decode(buffer, offset, count);
        }

        internal override void Execute(HubEngine hub, ByteWriter response)
        {
            ChfDeviceLog log = hub.DeviceLog;
            Ccs01AddDevice c = _command;
            _command = null;
            int register = DlmsResults.OtherReason;
            int timeout = DlmsResults.OtherReason;
            int joining = DlmsResults.OtherReason;
            try
            {
                // Device types on the wire are the GBCS enum 0..6 (DeviceType); others are refused.
                if (c.DeviceType >= 0 && c.DeviceType <= (int)DeviceType.Type2)
                    register = DlmsResults.From(log.Register(c.DeviceId, (DeviceType)c.DeviceType, c.InstallCode));
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                register = DlmsResults.HardwareFault;
            }
            try
            {
                timeout = DlmsResults.From(log.SetJoinTimeout(c.JoinTimeout));
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                timeout = DlmsResults.HardwareFault;
            }
            try
            {
                joining = DlmsResults.From(log.SetJoiningEnabled(c.EnableJoining));
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                joining = DlmsResults.HardwareFault;
            }
            Ccs01AddDevice.BuildResponse(c.LongInvokeIdAndPriority, register, timeout, joining).Encode(response);
        }
    }
}

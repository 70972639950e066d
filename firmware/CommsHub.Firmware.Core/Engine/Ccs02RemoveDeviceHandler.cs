using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CCS02 Remove device from CHF device log (0x0002): unregister_device; the device log records the TC link key in
    /// the historic log first (not for HHTs). A device not in the log is refused (other-reason).
    /// </summary>
    internal sealed class Ccs02RemoveDeviceHandler : ChfCommandHandler
    {
        private Ccs02RemoveDevice _command;


        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _command = Ccs02RemoveDevice.Decode(buffer, offset, count);
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            Ccs02RemoveDevice c = _command;
            _command = null;
            int result;
            ChfCommandEffects effects = ChfCommandEffects.None;
            try
            {
                DeviceLogResult removed = context.DeviceLog.Unregister(c.DeviceId);
                result = DlmsResults.From(removed);
                if (removed == DeviceLogResult.Success) effects = ChfCommandEffects.DeviceLogChanged;
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                result = DlmsResults.HardwareFault;
            }
            Ccs02RemoveDevice.BuildResponse(c.LongInvokeIdAndPriority, result).Encode(response);
            return effects;
        }
    }
}

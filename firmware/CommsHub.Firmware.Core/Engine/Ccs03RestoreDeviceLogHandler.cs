using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CCS03 Restore CHF Device Log (0x0003): restore_PAN replaces the log with the given devices and hashed TC link
    /// keys and sets the extended PAN id (all or nothing).
    /// </summary>
    internal sealed class Ccs03RestoreDeviceLogHandler : ChfCommandHandler
    {
        private Ccs03RestoreDeviceLog _command;


        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _command = Ccs03RestoreDeviceLog.Decode(buffer, offset, count);
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            Ccs03RestoreDeviceLog c = _command;
            _command = null;
            BackupEntry[] entries = new BackupEntry[c.Entries.Length];
            for (int i = 0; i < entries.Length; i++) entries[i] = new BackupEntry(c.Entries[i].DeviceId, c.Entries[i].HashedTcLinkKey);
            int result;
            ChfCommandEffects effects = ChfCommandEffects.None;
            try
            {
                DeviceLogResult restored = context.DeviceLog.Restore(c.ExtendedPanId, entries);
                result = DlmsResults.From(restored);
                if (restored == DeviceLogResult.Success) effects = ChfCommandEffects.DeviceLogChanged;
            }
            catch (BlockStoreException e) when (!(e is PowerLossException))
            {
                result = DlmsResults.HardwareFault;
            }
            Ccs03RestoreDeviceLog.BuildResponse(c.LongInvokeIdAndPriority, result).Encode(response);
            return effects;
        }
    }
}

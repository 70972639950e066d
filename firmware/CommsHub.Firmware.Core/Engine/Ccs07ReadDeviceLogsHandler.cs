using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CCS07 Read CHF Device Logs (0x00FE): backup_PAN of the device log and of the historic device log, each
    /// <c>{date-time, extended PAN id, array {EUI, hashed TC link key}}</c> (zero-length hash before a device joined).
    /// Both are streamed from the log's own entries: no backup copy, no data tree.
    /// </summary>
    internal sealed class Ccs07ReadDeviceLogsHandler : ChfCommandHandler
    {
        private readonly DlmsDateTime _time = new DlmsDateTime();
        private uint _invokeId;


        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _invokeId = Ccs07ReadDeviceLogs.DecodeRequest(AccessRequest.Decode(buffer, offset, count));
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            HubDateTime.Fill(_time, context.Now, false);
            Ccs07ReadDeviceLogs.WriteResponseStart(response, _invokeId);
            WriteDeviceLog(response, context.DeviceLog, _time);
            WriteHistoricLog(response, context.DeviceLog, _time);
            Ccs07ReadDeviceLogs.WriteResponseEnd(response, DlmsResults.Success, DlmsResults.Success);
            return ChfCommandEffects.None;
        }

        /// <summary>The device log's backup_PAN structure (shared with the CS14 body), as <see cref="ChfDeviceLog.Backup"/> lists it.</summary>
        internal static void WriteDeviceLog(ByteWriter w, ChfDeviceLog log, DlmsDateTime takenAt)
        {
            int n = log.Count;
            ChfDeviceLogBackup.WriteStart(w, takenAt, log.ExtendedPanId, n);
            for (int i = 0; i < n; i++)
            {
                DeviceLogEntry e = log.GetEntry(i);
                byte[] hash = e.HashedTcLinkKeyBytes;
                ChfDeviceLogEntry.Write(w, e.Eui, hash, 0, hash == null ? 0 : hash.Length);
            }
        }

        /// <summary>The historic log's backup_PAN structure, oldest first, as <see cref="ChfDeviceLog.BackupHistoric"/> lists it.</summary>
        internal static void WriteHistoricLog(ByteWriter w, ChfDeviceLog log, DlmsDateTime takenAt)
        {
            int n = log.HistoricCount;
            ChfDeviceLogBackup.WriteStart(w, takenAt, log.ExtendedPanId, n);
            for (int i = 0; i < n; i++)
            {
                byte[] hash = log.HistoricHash(i);
                ChfDeviceLogEntry.Write(w, log.GetHistoricEntry(i).Eui, hash, 0, hash.Length);
            }
        }
    }
}

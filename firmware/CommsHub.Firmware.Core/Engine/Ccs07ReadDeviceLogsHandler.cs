using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CCS07 Read CHF Device Logs (0x00FE): backup_PAN of the device log and of the historic device log, each
    /// <c>{date-time, extended PAN id, array {EUI, hashed TC link key}}</c> (zero-length hash before a device joined).
    /// </summary>
    internal sealed class Ccs07ReadDeviceLogsHandler : ChfCommandHandler
    {
        private uint _invokeId;

        internal override bool Handles(int messageCode) { return messageCode == MessageCodes.CCS07; }

        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _invokeId = Ccs07ReadDeviceLogs.DecodeRequest(AccessRequest.Decode(buffer, offset, count));
        }

        internal override byte[] Execute(HubEngine hub)
        {
            Ccs07ReadDeviceLogs r = new Ccs07ReadDeviceLogs();
            r.LongInvokeIdAndPriority = _invokeId;
            r.DeviceLog = ToProtocol(hub.DeviceLog.Backup());
            r.HistoricLog = ToProtocol(hub.DeviceLog.BackupHistoric());
            return r.Encode();
        }

        /// <summary>The wire model of a device log backup (shared with CS14).</summary>
        internal static ChfDeviceLogBackup ToProtocol(DeviceLogBackup b)
        {
            ChfDeviceLogBackup p = new ChfDeviceLogBackup();
            p.Timestamp = HubDateTime.ToDlms(b.TakenAt, false);
            p.ExtendedPanId = b.ExtendedPanId;
            ChfDeviceLogEntry[] entries = new ChfDeviceLogEntry[b.Entries.Length];
            for (int i = 0; i < entries.Length; i++) entries[i] = new ChfDeviceLogEntry(b.Entries[i].Eui, b.Entries[i].HashedTcLinkKey);
            p.Entries = entries;
            return p;
        }
    }
}

using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CCS06 Read CHF device log and check HAN communications (0x010F) and CCS05/CCS04 (0x0004), same payloads: get
    /// active_devices. Each device's id and last communication come from the device log (RAM, including times not yet
    /// flushed), its radio fields from <see cref="IHanLinkStatus"/> when the hub has one.
    /// </summary>
    internal sealed class Ccs06ReadDeviceLogHandler : ChfCommandHandler
    {
        private uint _invokeId;

        internal override bool Handles(int messageCode)
        {
            return messageCode == MessageCodes.CCS06 || messageCode == MessageCodes.CCS05;
        }

        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _invokeId = Ccs06ReadDeviceLog.DecodeRequest(AccessRequest.Decode(buffer, offset, count));
        }

        internal override byte[] Execute(HubEngine hub)
        {
            ChfDeviceLog log = hub.DeviceLog;
            Ccs06ReadDeviceLog r = new Ccs06ReadDeviceLog();
            r.LongInvokeIdAndPriority = _invokeId;
            r.Result = DlmsResults.Success;
            ChfDeviceStatus[] devices = new ChfDeviceStatus[log.Count];
            for (int i = 0; i < devices.Length; i++)
            {
                DeviceLogEntry e = log.GetEntry(i);
                ChfDeviceStatus s = new ChfDeviceStatus();
                s.DeviceId = e.Eui;
                s.StatusBits = new byte[1];
                s.StatusBitCount = 8;
                if (hub.LinkStatus != null) hub.LinkStatus.Fill(e.Eui, s);
                s.DeviceId = e.Eui;
                s.LastCommunication = HubDateTime.ToDlms(e.LastCommunication, true);
                devices[i] = s;
            }
            r.Devices = devices;
            return r.Encode();
        }
    }
}

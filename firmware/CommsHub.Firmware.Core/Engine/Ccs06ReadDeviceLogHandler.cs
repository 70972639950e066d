using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CCS06 Read CHF device log and check HAN communications (0x010F) and CCS05/CCS04 (0x0004), same payloads: get
    /// active_devices. Each device's id and last communication come from the device log (RAM, including times not yet
    /// flushed), its radio fields from <see cref="IHanLinkStatus"/> when the hub has one. Devices are streamed through
    /// one reused status and date-time, so a full log costs no more heap than an empty one.
    /// </summary>
    internal sealed class Ccs06ReadDeviceLogHandler : ChfCommandHandler
    {
        private readonly ChfDeviceStatus _status = new ChfDeviceStatus();
        private readonly DlmsDateTime _time = new DlmsDateTime();
        private readonly byte[] _statusBits = new byte[1];
        private uint _invokeId;


        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _invokeId = Ccs06ReadDeviceLog.DecodeRequest(AccessRequest.Decode(buffer, offset, count));
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            ChfDeviceLog log = context.DeviceLog;
            int n = log.Count;
            Ccs06ReadDeviceLog.WriteResponseStart(response, _invokeId, n);
            ChfDeviceStatus s = _status;
            for (int i = 0; i < n; i++)
            {
                DeviceLogEntry e = log.GetEntry(i);
                s.Clear();
                _statusBits[0] = 0;
                s.StatusBits = _statusBits;
                s.StatusBitCount = 8;
                if (context.LinkStatus != null) context.LinkStatus.Fill(e.Eui, s);
                // Id and time always come from the log, whatever the radio statistics provider wrote.
                s.DeviceId = e.Eui;
                HubDateTime.Fill(_time, e.LastCommunication, true);
                s.LastCommunication = _time;
                s.WriteTo(response);
            }
            Ccs06ReadDeviceLog.WriteResponseEnd(response, DlmsResults.Success);
            return ChfCommandEffects.None;
        }
    }
}

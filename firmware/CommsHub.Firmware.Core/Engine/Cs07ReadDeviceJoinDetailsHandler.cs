using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// CS07 Read Device Join Details (0x0013) addressed to the CHF: the devices it is communicating with, i.e. the
    /// joined entries of its device log with their GBCS device type (restored entries of unknown type are left out:
    /// the ASN.1 type has no value for "unknown").
    /// </summary>
    internal sealed class Cs07ReadDeviceJoinDetailsHandler : ChfCommandHandler
    {

        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            Cs07ReadDeviceJoinDetails.DecodeRequest(buffer, offset, count);
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            ChfDeviceLog log = context.DeviceLog;
            int n = 0;
            for (int i = 0; i < log.Count; i++) if (Listed(log.GetEntry(i))) n++;
            Cs07JoinDetail[] entries = new Cs07JoinDetail[n];
            n = 0;
            for (int i = 0; i < log.Count; i++)
            {
                DeviceLogEntry e = log.GetEntry(i);
                if (!Listed(e)) continue;
                Cs07JoinDetail d = new Cs07JoinDetail();
                d.DeviceId = e.Eui;
                d.DeviceType = (int)e.DeviceType;
                entries[n++] = d;
            }
            Cs07ReadDeviceJoinDetails r = new Cs07ReadDeviceJoinDetails();
            r.ResponseCode = 0;
            r.HasEntries = true;
            r.Entries = entries;
            response.WriteBytes(r.Encode());
            return ChfCommandEffects.None;
        }

        private static bool Listed(DeviceLogEntry e)
        {
            return e.JoinState == JoinState.Joined && (int)e.DeviceType <= (int)DeviceType.Type2;
        }
    }
}

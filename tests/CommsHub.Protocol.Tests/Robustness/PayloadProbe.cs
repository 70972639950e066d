using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Protocol.Tests.Robustness;

/// <summary>
/// Runs the payload decoders that apply to a parsed frame (by content tag, then by message code and CRA), as the hub
/// engine and adapter would, so fuzzing reaches them too.
/// </summary>
internal static class PayloadProbe
{
    public static void Decode(GbcsMessage m)
    {
        if (m.ContentLength == 0) return;
        var b = m.Buffer;
        int off = m.ContentOffset, len = m.ContentLength;
        switch (b[off])
        {
            case 0xD9:
            {
                var request = AccessRequest.Decode(b, off, len);
                switch (m.MessageCode)
                {
                    case MessageCodes.CCS01: Ccs01AddDevice.Decode(request); break;
                    case MessageCodes.CCS02: Ccs02RemoveDevice.Decode(request); break;
                    case MessageCodes.CCS03: Ccs03RestoreDeviceLog.Decode(request); break;
                    case MessageCodes.CCS06: case MessageCodes.CCS04: Ccs06ReadDeviceLog.DecodeRequest(request); break;
                    case MessageCodes.CCS07: Ccs07ReadDeviceLogs.DecodeRequest(request); break;
                    case MessageCodes.ECS35c: case MessageCodes.ECS35d: Ecs35ReadChfLog.DecodeRequest(request); break;
                    case MessageCodes.ECS52: Ecs52ReadFirmwareVersion.DecodeRequest(request); break;
                }
                break;
            }
            case 0xDA:
            {
                var response = AccessResponse.Decode(b, off, len);
                switch (m.MessageCode)
                {
                    case MessageCodes.CCS06: case MessageCodes.CCS04: Ccs06ReadDeviceLog.Decode(response); break;
                    case MessageCodes.CCS07: Ccs07ReadDeviceLogs.Decode(response); break;
                    case MessageCodes.ECS35c: case MessageCodes.ECS35d: Ecs35ReadChfLog.DecodeResponse(response, out _); break;
                    case MessageCodes.ECS52: Ecs52ReadFirmwareVersion.Decode(response); break;
                }
                break;
            }
            case 0x0F:
            {
                var notification = DataNotification.Decode(b, off, len);
                if (m.MessageCode == MessageCodes.CS14) Cs14DeviceLogChangedAlert.Decode(notification);
                break;
            }
            case 0x30:
                switch (m.MessageCode)
                {
                    case MessageCodes.CCS08: Ccs08FirmwareTransferAlert.Decode(b, off, len); break;
                    case MessageCodes.CS07 when m.Cra == CraFlag.Response: Cs07ReadDeviceJoinDetails.Decode(b, off, len); break;
                    case MessageCodes.CS06 when m.Cra == CraFlag.Command: Cs06ActivateFirmwareCommand.Decode(b, off, len); break;
                    case MessageCodes.CS06 when m.Cra == CraFlag.Response: Cs06ExecutionOutcome.Decode(b, off, len); break;
                }
                break;
        }
    }
}

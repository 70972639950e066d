using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>ECS52 Read Comms Hub Firmware Version (0x0059): get 0-0:0.2.1.255 attribute 2, the running image's version.</summary>
    internal sealed class Ecs52ReadFirmwareVersionHandler : ChfCommandHandler
    {
        private uint _invokeId;


        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            _invokeId = Ecs52ReadFirmwareVersion.DecodeRequest(AccessRequest.Decode(buffer, offset, count));
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            Ecs52ReadFirmwareVersion r = new Ecs52ReadFirmwareVersion();
            r.LongInvokeIdAndPriority = _invokeId;
            r.Result = DlmsResults.Success;
            r.FirmwareVersion = context.FirmwareVersion;
            r.ToResponse().Encode(response);
            return ChfCommandEffects.None;
        }
    }
}

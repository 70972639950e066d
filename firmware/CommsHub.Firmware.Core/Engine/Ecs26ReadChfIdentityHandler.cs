using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// ECS26i Read Configuration Data Device Information (0x0092) and ECS26n Read CHF Configuration Data Device
    /// Information (0x00FA): gets of attribute 2 of the CHF's identity data objects (class 1): 0-0:96.1.1.255 its
    /// EUI-64 (8 bytes), 0-0:96.1.4.255 its model, 0-0:96.1.6.255 its type, each an octet string, answered in request
    /// order. A get of any other object or attribute is answered object-undefined with a null.
    /// </summary>
    internal sealed class Ecs26ReadChfIdentityHandler : ChfCommandHandler
    {
        /// <summary>DLMS data-access-result object-undefined.</summary>
        internal const int ObjectUndefined = 4;

        private const int DataClass = 1;
        private const int ValueAttribute = 2;
        private const ulong DeviceId = 0x0000600101FFUL;
        private const ulong Model = 0x0000600104FFUL;
        private const ulong Type = 0x0000600106FFUL;
        // ECS26i reads three objects, ECS26n two: more gets than that are not an identity read.
        private const int MaxGets = 3;

        private uint _invokeId;
        private AccessRequestSpec[] _specs;

        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            AccessRequest request = AccessRequest.Decode(buffer, offset, count);
            if (request.Specs.Length == 0 || request.Specs.Length > MaxGets)
                throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "ECS26i/n: 1 to " + MaxGets.ToString() + " gets expected");
            for (int i = 0; i < request.Specs.Length; i++)
            {
                if (request.Specs[i].Kind != AccessKind.Get)
                    throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "ECS26i/n: only gets expected");
            }
            _invokeId = request.LongInvokeIdAndPriority;
            _specs = request.Specs;
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            DlmsData[] data = new DlmsData[_specs.Length];
            AccessResponseSpec[] results = new AccessResponseSpec[_specs.Length];
            for (int i = 0; i < _specs.Length; i++)
            {
                byte[] value = Value(context, _specs[i]);
                data[i] = value == null ? DlmsData.Null() : DlmsData.OctetString(value);
                results[i] = new AccessResponseSpec(AccessKind.Get, value == null ? ObjectUndefined : DlmsResults.Success);
            }
            new AccessResponse(_invokeId, data, results).Encode(response);
            return ChfCommandEffects.None;
        }

        private static byte[] Value(ChfCommandContext context, AccessRequestSpec spec)
        {
            if (spec.ClassId != DataClass || spec.Id != ValueAttribute) return null;
            if (spec.Instance == DeviceId)
            {
                byte[] eui = new byte[8];
                BigEndian.WriteUInt64(eui, 0, context.Eui);
                return eui;
            }
            if (spec.Instance == Model) return context.ModelIdentity;
            if (spec.Instance == Type) return context.TypeIdentity;
            return null;
        }
    }
}

using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// CCS02 Remove device from CHF device log (0x0002): <c>action unregister_device(octet-string EUI)</c> on the
    /// CHF Device Log; the response is one action result.
    /// </summary>
    public sealed class Ccs02RemoveDevice
    {
        /// <summary>long-invoke-id-and-priority of the request.</summary>
        public uint LongInvokeIdAndPriority;
        /// <summary>EUI-64 of the device to remove.</summary>
        public ulong DeviceId;

        /// <summary>Decodes the use case from its ACCESS.request.</summary>
        public static Ccs02RemoveDevice Decode(AccessRequest request)
        {
            request.ExpectCount(1, "CCS02");
            request.ExpectSpec(0, AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.UnregisterDevice, "CCS02");
            Ccs02RemoveDevice c = new Ccs02RemoveDevice();
            c.LongInvokeIdAndPriority = request.LongInvokeIdAndPriority;
            c.DeviceId = request.Data[0].ExpectEui64("ieee address");
            return c;
        }

        /// <summary>Decodes from a content region.</summary>
        public static Ccs02RemoveDevice Decode(byte[] buffer, int offset, int count)
        {
            return Decode(AccessRequest.Decode(buffer, offset, count));
        }

        /// <summary>Builds the ACCESS.request.</summary>
        public AccessRequest ToRequest()
        {
            return new AccessRequest(LongInvokeIdAndPriority,
                new AccessRequestSpec[] { new AccessRequestSpec(AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.UnregisterDevice) },
                new DlmsData[] { DlmsData.OctetString(DeviceId) });
        }

        /// <summary>Encodes the payload.</summary>
        public byte[] Encode()
        {
            return ToRequest().Encode();
        }

        /// <summary>The CHF's response: one action result.</summary>
        public static AccessResponse BuildResponse(uint longInvokeIdAndPriority, int result)
        {
            return ChfResponses.Single(longInvokeIdAndPriority, AccessKind.Action, result, null);
        }
    }
}

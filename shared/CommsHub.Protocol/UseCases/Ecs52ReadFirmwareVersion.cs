using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// ECS52 Read ESME/Comms Hub Firmware Version (0x0059): <c>get</c> of attribute 2 of the Data object (class 1)
    /// 0-0:0.2.1.255; the response is an octet-string firmware version (4 bytes in RTDS).
    /// </summary>
    public sealed class Ecs52ReadFirmwareVersion
    {
        /// <summary>Data interface class.</summary>
        public const int DataClassId = 1;
        /// <summary>Value attribute.</summary>
        public const int ValueAttribute = 2;

        /// <summary>long-invoke-id-and-priority.</summary>
        public uint LongInvokeIdAndPriority;
        /// <summary>Data-access result (0 success).</summary>
        public int Result;
        /// <summary>Firmware version bytes (null on failure).</summary>
        public byte[] FirmwareVersion;

        /// <summary>Checks that <paramref name="request"/> is this read; returns its invoke id.</summary>
        public static uint DecodeRequest(AccessRequest request)
        {
            request.ExpectCount(1, "ECS52");
            request.ExpectSpec(0, AccessKind.Get, DataClassId, Obis.FirmwareVersion, ValueAttribute, "ECS52");
            request.Data[0].Expect(DlmsType.Null, "get parameter");
            return request.LongInvokeIdAndPriority;
        }

        /// <summary>Builds the command.</summary>
        public static AccessRequest BuildRequest(uint longInvokeIdAndPriority)
        {
            return new AccessRequest(longInvokeIdAndPriority,
                new AccessRequestSpec[] { new AccessRequestSpec(AccessKind.Get, DataClassId, Obis.FirmwareVersion, ValueAttribute) },
                new DlmsData[] { DlmsData.Null() });
        }

        /// <summary>Decodes the response.</summary>
        public static Ecs52ReadFirmwareVersion Decode(AccessResponse response)
        {
            response.ExpectCount(1, "ECS52 response");
            if (response.Results[0].Kind != AccessKind.Get)
                throw new GbcsFormatException(GbcsErrorCode.BadField, response.Offset, "ECS52 response: get result expected");
            Ecs52ReadFirmwareVersion r = new Ecs52ReadFirmwareVersion();
            r.LongInvokeIdAndPriority = response.LongInvokeIdAndPriority;
            r.Result = response.Results[0].Result;
            DlmsData d = response.Data[0];
            if (d.Type != DlmsType.Null) r.FirmwareVersion = d.ExpectOctetString(-1, "firmware version").ToBytes();
            return r;
        }

        /// <summary>Decodes a response content region.</summary>
        public static Ecs52ReadFirmwareVersion Decode(byte[] buffer, int offset, int count)
        {
            return Decode(AccessResponse.Decode(buffer, offset, count));
        }

        /// <summary>Builds the response (null-data when <see cref="FirmwareVersion"/> is null).</summary>
        public AccessResponse ToResponse()
        {
            return ChfResponses.Single(LongInvokeIdAndPriority, AccessKind.Get, Result,
                FirmwareVersion == null ? null : DlmsData.OctetString(FirmwareVersion));
        }

        /// <summary>Encodes the response payload.</summary>
        public byte[] Encode()
        {
            return ToResponse().Encode();
        }
    }
}

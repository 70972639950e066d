using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// CCS06 Read CHF device log and check HAN communications (0x010F) and CCS05/CCS04 (0x0004), which have the same
    /// payloads: <c>get active_devices (attribute 4)</c> of the CHF Device Log; the response is an array of
    /// <see cref="ChfDeviceStatus"/> (null-data and a non-zero result on failure).
    /// </summary>
    public sealed class Ccs06ReadDeviceLog
    {
        private static readonly ChfDeviceStatus[] NoDevices = new ChfDeviceStatus[0];

        /// <summary>long-invoke-id-and-priority.</summary>
        public uint LongInvokeIdAndPriority;
        /// <summary>Data-access result (0 success).</summary>
        public int Result;
        /// <summary>Logged devices with their HAN communication status (empty on failure).</summary>
        public ChfDeviceStatus[] Devices = NoDevices;

        /// <summary>Checks that <paramref name="request"/> is this read; returns its invoke id.</summary>
        public static uint DecodeRequest(AccessRequest request)
        {
            request.ExpectCount(1, "CCS06");
            request.ExpectSpec(0, AccessKind.Get, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.ActiveDevices, "CCS06");
            request.Data[0].Expect(DlmsType.Null, "get parameter");
            return request.LongInvokeIdAndPriority;
        }

        /// <summary>Builds the command.</summary>
        public static AccessRequest BuildRequest(uint longInvokeIdAndPriority)
        {
            return new AccessRequest(longInvokeIdAndPriority,
                new AccessRequestSpec[] { new AccessRequestSpec(AccessKind.Get, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.ActiveDevices) },
                new DlmsData[] { DlmsData.Null() });
        }

        /// <summary>Decodes the CHF's response.</summary>
        public static Ccs06ReadDeviceLog Decode(AccessResponse response)
        {
            response.ExpectCount(1, "CCS06 response");
            if (response.Results[0].Kind != AccessKind.Get)
                throw new GbcsFormatException(GbcsErrorCode.BadField, response.Offset, "CCS06 response: get result expected");
            Ccs06ReadDeviceLog r = new Ccs06ReadDeviceLog();
            r.LongInvokeIdAndPriority = response.LongInvokeIdAndPriority;
            r.Result = response.Results[0].Result;
            DlmsData d = response.Data[0];
            if (d.Type == DlmsType.Null) return r;
            d.Expect(DlmsType.Array, "active devices");
            ChfDeviceStatus[] devices = new ChfDeviceStatus[d.Children.Length];
            for (int i = 0; i < devices.Length; i++) devices[i] = ChfDeviceStatus.FromData(d.Children[i]);
            r.Devices = devices;
            return r;
        }

        /// <summary>Decodes a response content region.</summary>
        public static Ccs06ReadDeviceLog Decode(byte[] buffer, int offset, int count)
        {
            return Decode(AccessResponse.Decode(buffer, offset, count));
        }

        /// <summary>Builds the response: the device array on success, null-data otherwise.</summary>
        public AccessResponse ToResponse()
        {
            DlmsData data = null;
            if (Result == 0)
            {
                DlmsData[] items = new DlmsData[Devices == null ? 0 : Devices.Length];
                for (int i = 0; i < items.Length; i++) items[i] = Devices[i].ToData();
                data = DlmsData.Array(items);
            }
            return ChfResponses.Single(LongInvokeIdAndPriority, AccessKind.Get, Result, data);
        }

        /// <summary>
        /// Streaming encoder, part 1: the successful response up to the device array header for
        /// <paramref name="deviceCount"/> devices. Write each device with <see cref="ChfDeviceStatus.WriteTo"/>, then
        /// <see cref="WriteResponseEnd"/>. Same bytes as <see cref="Encode"/>, without a data tree per device.
        /// </summary>
        public static void WriteResponseStart(ByteWriter w, uint longInvokeIdAndPriority, int deviceCount)
        {
            DlmsStream.WriteAccessResponseHeader(w, longInvokeIdAndPriority, 1);
            DlmsStream.WriteArrayHeader(w, deviceCount);
        }

        /// <summary>Streaming encoder, part 3: the get result (0 after a device array).</summary>
        public static void WriteResponseEnd(ByteWriter w, int result)
        {
            DlmsStream.WriteSingleResult(w, AccessKind.Get, result);
        }

        /// <summary>Streaming encoder of a failed read: null-data and <paramref name="result"/> (non-zero).</summary>
        public static void WriteFailure(ByteWriter w, uint longInvokeIdAndPriority, int result)
        {
            DlmsStream.WriteAccessResponseHeader(w, longInvokeIdAndPriority, 1);
            DlmsStream.WriteNull(w);
            DlmsStream.WriteSingleResult(w, AccessKind.Get, result);
        }

        /// <summary>Writes the whole response payload into <paramref name="w"/> (same bytes as <see cref="Encode"/>).</summary>
        public void WriteTo(ByteWriter w)
        {
            if (Result != 0)
            {
                WriteFailure(w, LongInvokeIdAndPriority, Result);
                return;
            }
            int n = Devices == null ? 0 : Devices.Length;
            WriteResponseStart(w, LongInvokeIdAndPriority, n);
            for (int i = 0; i < n; i++) Devices[i].WriteTo(w);
            WriteResponseEnd(w, Result);
        }

        /// <summary>Encodes the response payload.</summary>
        public byte[] Encode()
        {
            return ToResponse().Encode();
        }
    }
}

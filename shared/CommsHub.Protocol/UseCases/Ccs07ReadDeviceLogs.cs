using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// CCS07 Read CHF Device Logs (0x00FE): <c>action backup_PAN</c> on the CHF Device Log (0-0:30.3.0.255) and on the
    /// CHF Historic Device Log (0-0:30.3.1.255), both with null-data. The response carries one
    /// <see cref="ChfDeviceLogBackup"/> per log (null-data and a non-zero result on failure).
    /// </summary>
    public sealed class Ccs07ReadDeviceLogs
    {
        /// <summary>long-invoke-id-and-priority.</summary>
        public uint LongInvokeIdAndPriority;
        /// <summary>Action result for the device log.</summary>
        public int DeviceLogResult;
        /// <summary>The device log, or null when the action failed.</summary>
        public ChfDeviceLogBackup DeviceLog;
        /// <summary>Action result for the historic device log.</summary>
        public int HistoricLogResult;
        /// <summary>The historic device log, or null when the action failed.</summary>
        public ChfDeviceLogBackup HistoricLog;

        /// <summary>Checks that <paramref name="request"/> is a CCS07 command; returns its invoke id.</summary>
        public static uint DecodeRequest(AccessRequest request)
        {
            request.ExpectCount(2, "CCS07");
            request.ExpectSpec(0, AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.BackupPan, "CCS07");
            request.ExpectSpec(1, AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfHistoricDeviceLog, ChfDeviceLogObject.BackupPan, "CCS07");
            request.Data[0].Expect(DlmsType.Null, "backup_PAN parameter");
            request.Data[1].Expect(DlmsType.Null, "backup_PAN parameter");
            return request.LongInvokeIdAndPriority;
        }

        /// <summary>Builds the CCS07 command.</summary>
        public static AccessRequest BuildRequest(uint longInvokeIdAndPriority)
        {
            return new AccessRequest(longInvokeIdAndPriority,
                new AccessRequestSpec[]
                {
                    new AccessRequestSpec(AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.BackupPan),
                    new AccessRequestSpec(AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfHistoricDeviceLog, ChfDeviceLogObject.BackupPan),
                },
                new DlmsData[] { DlmsData.Null(), DlmsData.Null() });
        }

        /// <summary>Decodes the CHF's response.</summary>
        public static Ccs07ReadDeviceLogs Decode(AccessResponse response)
        {
            response.ExpectCount(2, "CCS07 response");
            Ccs07ReadDeviceLogs r = new Ccs07ReadDeviceLogs();
            r.LongInvokeIdAndPriority = response.LongInvokeIdAndPriority;
            r.DeviceLogResult = Result(response, 0);
            r.HistoricLogResult = Result(response, 1);
            r.DeviceLog = response.Data[0].Type == DlmsType.Null ? null : ChfDeviceLogBackup.FromData(response.Data[0]);
            r.HistoricLog = response.Data[1].Type == DlmsType.Null ? null : ChfDeviceLogBackup.FromData(response.Data[1]);
            return r;
        }

        private static int Result(AccessResponse response, int index)
        {
            AccessResponseSpec s = response.Results[index];
            if (s.Kind != AccessKind.Action)
                throw new GbcsFormatException(GbcsErrorCode.BadField, response.Offset, "CCS07 response: action result expected");
            return s.Result;
        }

        /// <summary>Builds the CHF's response.</summary>
        public AccessResponse ToResponse()
        {
            return new AccessResponse(LongInvokeIdAndPriority,
                new DlmsData[] { DeviceLog == null ? DlmsData.Null() : DeviceLog.ToData(), HistoricLog == null ? DlmsData.Null() : HistoricLog.ToData() },
                new AccessResponseSpec[] { new AccessResponseSpec(AccessKind.Action, DeviceLogResult), new AccessResponseSpec(AccessKind.Action, HistoricLogResult) });
        }

        /// <summary>
        /// Streaming encoder, part 1: the response up to its two data items. Then write the device log and the historic
        /// log (<see cref="ChfDeviceLogBackup.WriteStart"/> and entries, or <see cref="DlmsStream.WriteNull"/> for a
        /// failed action), then <see cref="WriteResponseEnd"/>. Same bytes as <see cref="Encode"/>.
        /// </summary>
        public static void WriteResponseStart(ByteWriter w, uint longInvokeIdAndPriority)
        {
            DlmsStream.WriteAccessResponseHeader(w, longInvokeIdAndPriority, 2);
        }

        /// <summary>Streaming encoder, last part: the two action results.</summary>
        public static void WriteResponseEnd(ByteWriter w, int deviceLogResult, int historicLogResult)
        {
            w.WriteByte(2);
            w.WriteByte((int)AccessKind.Action);
            w.WriteByte(deviceLogResult);
            w.WriteByte((int)AccessKind.Action);
            w.WriteByte(historicLogResult);
        }

        /// <summary>Writes the whole response payload into <paramref name="w"/> (same bytes as <see cref="Encode"/>).</summary>
        public void WriteTo(ByteWriter w)
        {
            WriteResponseStart(w, LongInvokeIdAndPriority);
            if (DeviceLog == null) DlmsStream.WriteNull(w);
            else DeviceLog.WriteTo(w);
            if (HistoricLog == null) DlmsStream.WriteNull(w);
            else HistoricLog.WriteTo(w);
            WriteResponseEnd(w, DeviceLogResult, HistoricLogResult);
        }

        /// <summary>Encodes the response payload.</summary>
        public byte[] Encode()
        {
            return ToResponse().Encode();
        }
    }
}

using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// CCS03 Restore CHF Device Log (0x0003): <c>action restore_PAN {octet-string(8) extended PAN id, array of
    /// {EUI, hashed TC link key}}</c> on the CHF Device Log; the response is one action result.
    /// </summary>
    public sealed class Ccs03RestoreDeviceLog
    {
        /// <summary>long-invoke-id-and-priority of the request.</summary>
        public uint LongInvokeIdAndPriority;
        /// <summary>Extended PAN id of the log being restored (from the old CHF).</summary>
        public ulong ExtendedPanId;
        /// <summary>Devices to restore.</summary>
        public ChfDeviceLogEntry[] Entries;

        /// <summary>Decodes the use case from its ACCESS.request.</summary>
        public static Ccs03RestoreDeviceLog Decode(AccessRequest request)
        {
            request.ExpectCount(1, "CCS03");
            request.ExpectSpec(0, AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.RestorePan, "CCS03");
            DlmsData p = request.Data[0].ExpectStructure(2, "restore_PAN parameters");
            Ccs03RestoreDeviceLog c = new Ccs03RestoreDeviceLog();
            c.LongInvokeIdAndPriority = request.LongInvokeIdAndPriority;
            c.ExtendedPanId = p.Children[0].ExpectEui64("extended PAN id");
            c.Entries = ChfDeviceLogEntry.ArrayFromData(p.Children[1]);
            return c;
        }

        /// <summary>Decodes from a content region.</summary>
        public static Ccs03RestoreDeviceLog Decode(byte[] buffer, int offset, int count)
        {
            return Decode(AccessRequest.Decode(buffer, offset, count));
        }

        /// <summary>Builds the ACCESS.request.</summary>
        public AccessRequest ToRequest()
        {
            DlmsData p = DlmsData.Structure(new DlmsData[] { DlmsData.OctetString(ExtendedPanId), ChfDeviceLogEntry.ArrayToData(Entries) });
            return new AccessRequest(LongInvokeIdAndPriority,
                new AccessRequestSpec[] { new AccessRequestSpec(AccessKind.Action, ChfDeviceLogObject.ClassId, Obis.ChfDeviceLog, ChfDeviceLogObject.RestorePan) },
                new DlmsData[] { p });
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

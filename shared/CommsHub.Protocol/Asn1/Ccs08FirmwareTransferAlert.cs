using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Asn1
{
    /// <summary>
    /// CCS08 Firmware Transfer Alert (message code 0x0128), sent by the CHF signed with its DS key:
    /// <c>SEQUENCE { alertCode INTEGER (0x8F8A success / 0x8F89 fail), executionDateTime GeneralizedTime,
    /// entityId OCTET STRING(8), firmwareVersion OCTET STRING, responseCode INTEGER }</c>.
    /// </summary>
    public sealed class Ccs08FirmwareTransferAlert
    {
        /// <summary>Alert code for a successful transfer.</summary>
        public const int AlertSuccess = 0x8F8A;
        /// <summary>Alert code for a failed transfer.</summary>
        public const int AlertFailure = 0x8F89;

        /// <summary>0x8F8A success or 0x8F89 failure.</summary>
        public int AlertCode;
        /// <summary>When the transfer completed, GeneralizedTime text ("20150101000000Z").</summary>
        public string ExecutionDateTime;
        /// <summary>The device the image was transferred to.</summary>
        public ulong EntityId;
        /// <summary>Firmware version of the transferred image (4 bytes in RTDS).</summary>
        public byte[] FirmwareVersion;
        /// <summary>0 Success, 1 Image Discarded, 2 Hardware Version Mismatch, 3 File Transfer Failure.</summary>
        public int ResponseCode;

        /// <summary>Decodes the payload region.</summary>
        public static Ccs08FirmwareTransferAlert Decode(byte[] buffer, int offset, int count)
        {
            DerReader outer = new DerReader(buffer, offset, count);
            DerReader s = outer.ReadSequence("firmware transfer alert");
            outer.ExpectEnd("firmware transfer alert");
            Ccs08FirmwareTransferAlert a = new Ccs08FirmwareTransferAlert();
            a.AlertCode = s.ReadInt32("alert code");
            a.ExecutionDateTime = s.ReadGeneralizedTime("execution date-time");
            a.EntityId = BigEndian.ReadUInt64(buffer, s.ReadOctetString("entity id", Eui64.Length));
            int len;
            int at = s.ReadOctetString("firmware version", out len);
            a.FirmwareVersion = BigEndian.Slice(buffer, at, len);
            a.ResponseCode = s.ReadInt32("response code");
            s.ExpectEnd("firmware transfer alert");
            return a;
        }

        /// <summary>Encodes the payload.</summary>
        public byte[] Encode()
        {
            ByteWriter w = new ByteWriter();
            DerWriter d = new DerWriter(w);
            d.BeginSequence();
            d.WriteInteger(AlertCode);
            d.WriteGeneralizedTime(ExecutionDateTime);
            d.WriteEui64(EntityId);
            d.WriteOctetString(FirmwareVersion ?? new byte[0]);
            d.WriteInteger(ResponseCode);
            d.EndSequence();
            return w.ToArray();
        }
    }
}

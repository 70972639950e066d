using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Asn1
{
    /// <summary>
    /// CS06 Activate Firmware command (message code 0x0012, critical):
    /// <c>SEQUENCE { manufacturerImageHash OCTET STRING(32), originatorCounter INTEGER, executionDateTime GeneralizedTime OPTIONAL }</c>.
    /// A future-dated command carries the execution time; "99991231235959Z" cancels a pending activation.
    /// </summary>
    public sealed class Cs06ActivateFirmwareCommand
    {
        /// <summary>Hash length (SHA-256 of the manufacturer image).</summary>
        public const int HashLength = 32;

        /// <summary>SHA-256 of the manufacturer image.</summary>
        public byte[] ManufacturerImageHash;
        /// <summary>The originator counter of the command (echoed in the future-dated alert).</summary>
        public long OriginatorCounter;
        /// <summary>Execution time as GeneralizedTime text, or null for an immediate activation.</summary>
        public string ExecutionDateTime;

        /// <summary>Decodes the payload region.</summary>
        public static Cs06ActivateFirmwareCommand Decode(byte[] buffer, int offset, int count)
        {
            DerReader outer = new DerReader(buffer, offset, count);
            DerReader s = outer.ReadSequence("activate firmware command");
            outer.ExpectEnd("activate firmware command");
            Cs06ActivateFirmwareCommand c = new Cs06ActivateFirmwareCommand();
            c.ManufacturerImageHash = BigEndian.Slice(buffer, s.ReadOctetString("manufacturer image hash", HashLength), HashLength);
            c.OriginatorCounter = s.ReadInteger("originator counter");
            if (!s.AtEnd) c.ExecutionDateTime = s.ReadGeneralizedTime("execution date-time");
            s.ExpectEnd("activate firmware command");
            return c;
        }

        /// <summary>Encodes the payload.</summary>
        public byte[] Encode()
        {
            ByteWriter w = new ByteWriter();
            DerWriter d = new DerWriter(w);
            d.BeginSequence();
            d.WriteOctetString(ManufacturerImageHash);
            d.WriteInteger(OriginatorCounter);
            if (ExecutionDateTime != null) d.WriteGeneralizedTime(ExecutionDateTime);
            d.EndSequence();
            return w.ToArray();
        }
    }
}

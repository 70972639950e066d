using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Asn1
{
    /// <summary>
    /// CS06 Activate Firmware response / outcome: <c>SEQUENCE { responseCode INTEGER, firmwareVersion OCTET STRING }</c>.
    /// A future-dated command is answered by the ASN.1 NULL "command accepted" instead (<see cref="EncodeCommandAccepted"/>).
    /// </summary>
    public sealed class Cs06ExecutionOutcome
    {
        /// <summary>0 Success, 1 No Image Held, 2 Hash Mismatch, 3 Activation Failure.</summary>
        public int ResponseCode;
        /// <summary>Firmware version running after the attempt.</summary>
        public byte[] FirmwareVersion;

        /// <summary>Decodes the payload region.</summary>
        public static Cs06ExecutionOutcome Decode(byte[] buffer, int offset, int count)
        {
            DerReader outer = new DerReader(buffer, offset, count);
            Cs06ExecutionOutcome o = Read(outer);
            outer.ExpectEnd("execution outcome");
            return o;
        }

        internal static Cs06ExecutionOutcome Read(DerReader r)
        {
            DerReader s = r.ReadSequence("execution outcome");
            Cs06ExecutionOutcome o = new Cs06ExecutionOutcome();
            o.ResponseCode = s.ReadInt32("response code");
            int len;
            int at = s.ReadOctetString("firmware version", out len);
            o.FirmwareVersion = BigEndian.Slice(r.Buffer, at, len);
            s.ExpectEnd("execution outcome");
            return o;
        }

        internal void Write(DerWriter d)
        {
            d.BeginSequence();
            d.WriteInteger(ResponseCode);
            d.WriteOctetString(FirmwareVersion ?? new byte[0]);
            d.EndSequence();
        }

        /// <summary>Encodes the payload.</summary>
        public byte[] Encode()
        {
            ByteWriter w = new ByteWriter();
            Write(new DerWriter(w));
            return w.ToArray();
        }

        /// <summary>The "command accepted" response to a future-dated activation: ASN.1 NULL <c>05 00</c>.</summary>
        public static byte[] EncodeCommandAccepted()
        {
            return new byte[] { DerTag.Null, 0x00 };
        }

        /// <summary>True when the payload is the "command accepted" NULL.</summary>
        public static bool IsCommandAccepted(byte[] buffer, int offset, int count)
        {
            return buffer != null && count == 2 && offset >= 0 && offset <= buffer.Length - 2 &&
                   buffer[offset] == DerTag.Null && buffer[offset + 1] == 0;
        }
    }
}

using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Asn1
{
    /// <summary>
    /// Future-dated firmware activation alert (message code 0x00CA, alert 0x8F66 actioned / 0x8F67 not actioned):
    /// <c>SEQUENCE { alertCode INTEGER, executionDateTime GeneralizedTime, originatorCounter INTEGER, executionOutcome }</c>.
    /// </summary>
    public sealed class Cs06FirmwareActivationAlert
    {
        /// <summary>0x8F66 successfully actioned, 0x8F67 not successfully actioned.</summary>
        public int AlertCode;
        /// <summary>When it ran, GeneralizedTime text.</summary>
        public string ExecutionDateTime;
        /// <summary>Originator counter of the CS06 command that scheduled it.</summary>
        public long OriginatorCounter;
        /// <summary>The outcome.</summary>
        public Cs06ExecutionOutcome Outcome;

        /// <summary>Decodes the payload region.</summary>
        public static Cs06FirmwareActivationAlert Decode(byte[] buffer, int offset, int count)
        {
            DerReader outer = new DerReader(buffer, offset, count);
            DerReader s = outer.ReadSequence("firmware activation alert");
            outer.ExpectEnd("firmware activation alert");
            Cs06FirmwareActivationAlert a = new Cs06FirmwareActivationAlert();
            a.AlertCode = s.ReadInt32("alert code");
            a.ExecutionDateTime = s.ReadGeneralizedTime("execution date-time");
            a.OriginatorCounter = s.ReadInteger("originator counter");
            a.Outcome = Cs06ExecutionOutcome.Read(s);
            s.ExpectEnd("firmware activation alert");
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
            d.WriteInteger(OriginatorCounter);
            (Outcome ?? new Cs06ExecutionOutcome()).Write(d);
            d.EndSequence();
            return w.ToArray();
        }
    }
}

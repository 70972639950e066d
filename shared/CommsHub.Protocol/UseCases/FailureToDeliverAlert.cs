using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// The CHF's "Failure to Deliver Remote Party Message to ESME" alert (message code 0x00D5, alert code 0x8F84): a
    /// DATA-NOTIFICATION whose one alert item is the Remote Party Message that could not be delivered, an octet string
    /// of 25 bytes: Business Originator ID (8), Business Target ID (8), CRA flag (1), Originator Counter (8)
    /// (gbcs-parser <c>dlms.ts:parseRemotePartyMessage</c>, the decoder DCC's tooling uses for 0x00D5).
    /// <para>
    /// Device type: the CHF originates it (the Business Originator of the alert is the hub). Recipient: the Access
    /// Control Broker, MAC'd CHF KA x ACB KA like every non-critical CHF alert (CS14): the CHF holds no other remote
    /// party's key-agreement certificate in GBCS, and the DCC turns the alert into the answer of the request it names.
    /// GBCS names the alert for the ESME (the CHF's tunnel to it); this hub raises it for any HAN device it cannot
    /// reach, a GSME whose mailbox is full included: the Business Target ID says which device it was.
    /// </para>
    /// </summary>
    public sealed class FailureToDeliverAlert
    {
        /// <summary>GBCS message code of the alert.</summary>
        public const int MessageCode = 0x00D5;

        /// <summary>GBCS alert code.</summary>
        public const int AlertCode = 0x8F84;

        /// <summary>Length of the Remote Party Message octet string.</summary>
        public const int BodyLength = 25;

        /// <summary>Business Originator ID of the undelivered message (the DCC User, or the ACB).</summary>
        public ulong BusinessOriginator;

        /// <summary>Business Target ID of the undelivered message (the device it was for).</summary>
        public ulong BusinessTarget;

        /// <summary>CRA flag of the undelivered message (a command).</summary>
        public CraFlag Cra;

        /// <summary>Originator Counter of the undelivered message.</summary>
        public ulong OriginatorCounter;

        /// <summary>The 25-byte Remote Party Message.</summary>
        public byte[] ToBody()
        {
            byte[] b = new byte[BodyLength];
            BigEndian.WriteUInt64(b, 0, BusinessOriginator);
            BigEndian.WriteUInt64(b, 8, BusinessTarget);
            b[16] = (byte)Cra;
            BigEndian.WriteUInt64(b, 17, OriginatorCounter);
            return b;
        }

        /// <summary>The alert item: the body as a DLMS octet string.</summary>
        public DlmsData ToData()
        {
            return DlmsData.OctetString(ToBody());
        }

        /// <summary>Reads the Remote Party Message from the alert's DATA-NOTIFICATION.</summary>
        /// <exception cref="GbcsFormatException">not a 0x8F84 alert, or the item is not a 25-byte octet string.</exception>
        public static FailureToDeliverAlert Decode(DataNotification n)
        {
            if (n == null) throw new ArgumentNullException("n");
            if (n.AlertCode != AlertCode)
                throw new GbcsFormatException(GbcsErrorCode.BadField, n.Offset, "failure to deliver: alert code 0x8F84 expected");
            if (n.AlertItemCount != 1)
                throw new GbcsFormatException(GbcsErrorCode.BadField, n.Offset, "failure to deliver: one alert item expected");
            DlmsData item = n.AlertItem(0).ExpectOctetString(BodyLength, "Remote Party Message");
            byte[] b = item.Buffer;
            int at = item.ValueOffset;
            FailureToDeliverAlert a = new FailureToDeliverAlert();
            a.BusinessOriginator = BigEndian.ReadUInt64(b, at);
            a.BusinessTarget = BigEndian.ReadUInt64(b, at + 8);
            a.Cra = (CraFlag)b[at + 16];
            a.OriginatorCounter = BigEndian.ReadUInt64(b, at + 17);
            return a;
        }

        /// <summary>Reads it from a frame's content region (the DATA-NOTIFICATION).</summary>
        /// <exception cref="GbcsFormatException">the content is not such an alert.</exception>
        public static FailureToDeliverAlert Decode(byte[] buffer, int offset, int count)
        {
            return Decode(DataNotification.Decode(buffer, offset, count));
        }
    }
}

using System.Collections;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// Finds the encrypted contents in a parsed message's payload (GBCS.md §1.4, §1.5), in payload order:
    /// <list type="bullet">
    /// <item>DLMS ACCESS.response (DA) and DATA-NOTIFICATION (0F): every protection-parameters array directly
    /// followed, in the same structure, by an octet-string (Get Protected Attributes responses <c>{params, data}</c>,
    /// ECS68 alert bodies <c>{code, time, params, data}</c>);</item>
    /// <item>GBZ (01 09): every component with control bit 0x02, laid out as gbcs-parser reads it: control(1),
    /// cluster(2), length(2), additional header control(1), frame counter(1), ZCL frame control, sequence, command
    /// id, ciphered length(2), then the protected bytes. GBZ alerts carry components only for GCS53 (message code
    /// 0x008B), after the alert code(2) and time stamp(4).</item>
    /// </list>
    /// Other payloads (requests, ASN.1) hold none. Malformed input ends in <see cref="GbcsFormatException"/>.
    /// </summary>
    public static class EncryptedContentLocator
    {
        /// <summary>GBZ profile id (ZigBee Smart Energy) that starts every GBZ payload.</summary>
        public const int GbzProfileId = 0x0109;
        /// <summary>GBZ control-field bit: the component is encrypted.</summary>
        public const int GbzEncryptedFlag = 0x02;
        /// <summary>Message code of GCS53 (Push Billing Data Log as an alert), the GBZ alert with a component.</summary>
        public const int Gcs53MessageCode = 0x008B;

        private static readonly EncryptedContent[] None = new EncryptedContent[0];

        /// <summary>All encrypted contents of <paramref name="m"/> (an empty array when there are none).</summary>
        public static EncryptedContent[] Find(GbcsMessage m)
        {
            byte[] b = m.Buffer;
            int start = m.ContentOffset;
            int count = m.ContentLength;
            if (count < 1) return None;
            ArrayList found = new ArrayList();
            int first = b[start];
            if (first == DlmsApdu.AccessResponse)
            {
                AccessResponse r = AccessResponse.Decode(b, start, count);
                for (int i = 0; i < r.Data.Length; i++) Walk(r.Data[i], found, 0);
            }
            else if (first == DlmsApdu.DataNotification)
            {
                Walk(DataNotification.Decode(b, start, count).Body, found, 0);
            }
            else if (count >= 2 && BigEndian.ReadUInt16(b, start) == GbzProfileId)
            {
                FindGbz(m, found);
            }
            if (found.Count == 0) return None;
            EncryptedContent[] result = new EncryptedContent[found.Count];
            found.CopyTo(result);
            return result;
        }

        // Depth is bounded by DlmsDataReader.MaxDepth, so recursion cannot run away on hostile input.
        private static void Walk(DlmsData d, ArrayList found, int depth)
        {
            DlmsData[] children = d.Children;
            if (children.Length == 0 || depth > DlmsDataReader.MaxDepth) return;
            for (int i = 0; i < children.Length; i++)
            {
                DlmsData c = children[i];
                if (i + 1 < children.Length && ProtectionParameters.HasShape(c) && children[i + 1].Type == DlmsType.OctetString)
                {
                    DlmsData data = children[i + 1];
                    found.Add(EncryptedContent.Dlms(data.Buffer, data.ValueOffset, data.ValueLength, ProtectionParameters.Decode(c)));
                    i++;
                    continue;
                }
                Walk(c, found, depth + 1);
            }
        }

        private static void FindGbz(GbcsMessage m, ArrayList found)
        {
            ByteReader r = new ByteReader(m.Buffer, m.ContentOffset, m.ContentLength);
            r.Skip(2, "GBZ profile id");
            int components = r.ReadByte("GBZ component count");
            if (m.Cra == CraFlag.Alert)
            {
                // Other GBZ alerts carry use-case specific bytes here, not components (gbcs-parser zigbee.ts).
                if (m.MessageCode != Gcs53MessageCode) return;
                r.Skip(2, "GBZ alert code");
                r.Skip(4, "GBZ alert time stamp");
            }
            for (int i = 0; i < components; i++)
            {
                int at = r.Position;
                int control = r.ReadByte("GBZ control field");
                r.Skip(2, "GBZ cluster id");
                int length = r.ReadUInt16("GBZ component length");
                int body = r.Skip(length, "GBZ component");
                if ((control & GbzEncryptedFlag) == 0) continue;
                // additional header control, frame counter, ZCL frame control, sequence, command id, ciphered length
                const int header = 7;
                if (length < header)
                    throw new GbcsFormatException(GbcsErrorCode.BadLength, body - m.ContentOffset, "GBZ encrypted component shorter than its headers");
                int ciphered = BigEndian.ReadUInt16(m.Buffer, body + header - 2);
                if (ciphered != length - header)
                    throw new GbcsFormatException(GbcsErrorCode.BadLength, body + header - 2 - m.ContentOffset,
                        "GBZ ciphered information length " + ciphered.ToString() + " does not fill the component");
                found.Add(EncryptedContent.Gbz(m.Buffer, at, body + header, ciphered));
            }
        }
    }
}

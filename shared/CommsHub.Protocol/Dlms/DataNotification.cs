using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// DLMS DATA-NOTIFICATION (tag 0F), the payload of GBCS DLMS alerts:
    /// <c>0F | long-invoke-id-and-priority(4) | date-time | body</c>. In GBCS the body is a structure
    /// <c>{long-unsigned alert code, octet-string(12) date-time, alert-specific items...}</c>.
    /// </summary>
    public sealed class DataNotification
    {
        private DataNotification() { }

        /// <summary>Builds a notification with an arbitrary body (date-time empty).</summary>
        public DataNotification(uint longInvokeIdAndPriority, DlmsData body)
        {
            if (body == null) throw new ArgumentNullException("body");
            LongInvokeIdAndPriority = longInvokeIdAndPriority;
            Body = body;
            DateTimeOffset = -1;
        }

        /// <summary>Builds a GBCS alert: body <c>{alert code, time stamp, items...}</c>.</summary>
        public static DataNotification Alert(uint longInvokeIdAndPriority, int alertCode, DlmsDateTime timeStamp, DlmsData[] items)
        {
            int n = items == null ? 0 : items.Length;
            DlmsData[] body = new DlmsData[2 + n];
            body[0] = DlmsData.LongUnsigned(alertCode);
            body[1] = timeStamp.ToData();
            for (int i = 0; i < n; i++) body[2 + i] = items[i];
            return new DataNotification(longInvokeIdAndPriority, DlmsData.Structure(body));
        }

        /// <summary>long-invoke-id-and-priority.</summary>
        public uint LongInvokeIdAndPriority { get; private set; }
        /// <summary>Buffer of a decoded notification (null for a built one).</summary>
        public byte[] Buffer { get; private set; }
        /// <summary>Absolute offset of the 0F tag.</summary>
        public int Offset { get; private set; }
        /// <summary>Absolute offset of the 12-byte APDU date-time, or -1 when empty.</summary>
        public int DateTimeOffset { get; private set; }
        /// <summary>The notification body.</summary>
        public DlmsData Body { get; private set; }
        private int _dateTimeLength;

        /// <summary>True when the body has the GBCS alert shape (structure, long-unsigned code, 12-byte time stamp).</summary>
        public bool IsGbcsAlert
        {
            get
            {
                return Body.Type == DlmsType.Structure && Body.Children.Length >= 2 &&
                       Body.Children[0].Type == DlmsType.LongUnsigned &&
                       Body.Children[1].Type == DlmsType.OctetString && Body.Children[1].ValueLength == DlmsDateTime.Length;
            }
        }

        /// <summary>The GBCS alert code (e.g. 0x8F12), or -1 when the body is not alert-shaped.</summary>
        public int AlertCode { get { return IsGbcsAlert ? (int)Body.Children[0].Value : -1; } }

        /// <summary>The alert time stamp; fails with a typed error when the body is not alert-shaped.</summary>
        public DlmsDateTime AlertTimeStamp
        {
            get
            {
                if (!IsGbcsAlert) throw new GbcsFormatException(GbcsErrorCode.BadField, Offset, "not a GBCS alert body");
                return DlmsDateTime.Decode(Body.Buffer, Body.Children[1].ValueOffset);
            }
        }

        /// <summary>Number of alert-specific items after code and time stamp (0 when not alert-shaped).</summary>
        public int AlertItemCount { get { return IsGbcsAlert ? Body.Children.Length - 2 : 0; } }

        /// <summary>Alert-specific item <paramref name="index"/> (0 = first after the time stamp).</summary>
        public DlmsData AlertItem(int index)
        {
            if (!IsGbcsAlert) throw new GbcsFormatException(GbcsErrorCode.BadField, Offset, "not a GBCS alert body");
            return Body.Child(2 + index);
        }

        /// <summary>Decodes a whole content region as one DATA-NOTIFICATION.</summary>
        public static DataNotification Decode(byte[] buffer, int offset, int count)
        {
            ByteReader r = ApduHeader.Open(buffer, offset, count, DlmsApdu.DataNotification, "DATA-NOTIFICATION tag");
            DataNotification n = new DataNotification();
            n.Buffer = buffer;
            n.Offset = offset;
            n.LongInvokeIdAndPriority = r.ReadUInt32("long-invoke-id-and-priority");
            int dtLen;
            n.DateTimeOffset = ApduHeader.ReadDateTime(r, out dtLen);
            n._dateTimeLength = dtLen;
            n.Body = DlmsDataReader.Read(r);
            ApduHeader.ExpectEnd(r, "DATA-NOTIFICATION");
            return n;
        }

        /// <summary>Encodes into a new array.</summary>
        public byte[] Encode()
        {
            ByteWriter w = new ByteWriter();
            Encode(w);
            return w.ToArray();
        }

        /// <summary>Appends the encoding to <paramref name="w"/>.</summary>
        public void Encode(ByteWriter w)
        {
            w.WriteByte(DlmsApdu.DataNotification);
            w.WriteUInt32(LongInvokeIdAndPriority);
            ApduHeader.WriteDateTime(w, Buffer, DateTimeOffset, _dateTimeLength);
            DlmsDataWriter.Write(w, Body);
        }
    }
}

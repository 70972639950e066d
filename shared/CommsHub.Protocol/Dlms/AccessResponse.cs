using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// DLMS ACCESS.response (tag DA), the payload of GBCS DLMS responses:
    /// <c>DA | long-invoke-id-and-priority(4) | date-time | 00 (no access-request-specification echoed) |
    /// n | n × data | n | n × access-response-specification</c>. Each specification is the kind (1 get, 2 set,
    /// 3 action) and a one-byte result.
    /// </summary>
    public sealed class AccessResponse
    {
        private AccessResponse() { }

        /// <summary>Builds a response (date-time empty, as GBCS sends it).</summary>
        public AccessResponse(uint longInvokeIdAndPriority, DlmsData[] data, AccessResponseSpec[] results)
        {
            if (data == null || results == null) throw new ArgumentNullException("data");
            LongInvokeIdAndPriority = longInvokeIdAndPriority;
            Data = data;
            Results = results;
            DateTimeOffset = -1;
        }

        /// <summary>long-invoke-id-and-priority, echoing the request's.</summary>
        public uint LongInvokeIdAndPriority { get; private set; }
        /// <summary>Buffer of a decoded response (null for a built one).</summary>
        public byte[] Buffer { get; private set; }
        /// <summary>Absolute offset of the DA tag in <see cref="Buffer"/>.</summary>
        public int Offset { get; private set; }
        /// <summary>Absolute offset of the 12-byte APDU date-time, or -1 when empty.</summary>
        public int DateTimeOffset { get; private set; }
        /// <summary>The list of data (null-data for sets, actions without return data and failures).</summary>
        public DlmsData[] Data { get; private set; }
        /// <summary>One result per request.</summary>
        public AccessResponseSpec[] Results { get; private set; }
        private int _dateTimeLength;
        private int _dataCountWidth;
        private int _resultCountWidth;

        /// <summary>Decodes a whole content region as one ACCESS.response.</summary>
        public static AccessResponse Decode(byte[] buffer, int offset, int count)
        {
            ByteReader r = ApduHeader.Open(buffer, offset, count, DlmsApdu.AccessResponse, "ACCESS.response tag");
            AccessResponse a = new AccessResponse();
            a.Buffer = buffer;
            a.Offset = offset;
            a.LongInvokeIdAndPriority = r.ReadUInt32("long-invoke-id-and-priority");
            int dtLen;
            a.DateTimeOffset = ApduHeader.ReadDateTime(r, out dtLen);
            a._dateTimeLength = dtLen;
            int rel = r.RelativePosition;
            // access-request-specification OPTIONAL: GBCS never echoes the request, so only "absent" is accepted.
            if (r.ReadByte("access-request-specification presence") != 0)
                throw new GbcsFormatException(GbcsErrorCode.Unsupported, rel, "ACCESS.response echoing the request specification is not supported");
            int n = ApduHeader.ReadCount(r, 1, "list-of-data count", out a._dataCountWidth);
            DlmsData[] data = new DlmsData[n];
            for (int i = 0; i < n; i++) data[i] = DlmsDataReader.Read(r);
            a.Data = data;
            int m = ApduHeader.ReadCount(r, 2, "access-response-specification count", out a._resultCountWidth);
            AccessResponseSpec[] results = new AccessResponseSpec[m];
            for (int i = 0; i < m; i++)
            {
                rel = r.RelativePosition;
                int kind = r.ReadByte("access-response-specification");
                if (kind < 1 || kind > 3)
                    throw new GbcsFormatException(GbcsErrorCode.Unsupported, rel, "access-response-specification choice " + kind.ToString() + " is not supported");
                results[i] = new AccessResponseSpec((AccessKind)kind, r.ReadByte("result"));
            }
            a.Results = results;
            ApduHeader.ExpectEnd(r, "ACCESS.response");
            return a;
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
            w.WriteByte(DlmsApdu.AccessResponse);
            w.WriteUInt32(LongInvokeIdAndPriority);
            ApduHeader.WriteDateTime(w, Buffer, DateTimeOffset, _dateTimeLength);
            w.WriteByte(0);
            w.WriteLength(Data.Length, _dataCountWidth);
            for (int i = 0; i < Data.Length; i++) DlmsDataWriter.Write(w, Data[i]);
            w.WriteLength(Results.Length, _resultCountWidth);
            for (int i = 0; i < Results.Length; i++)
            {
                w.WriteByte((int)Results[i].Kind);
                w.WriteByte(Results[i].Result);
            }
        }

        /// <summary>Fails unless there are exactly <paramref name="count"/> results and as many data items.</summary>
        public void ExpectCount(int count, string what)
        {
            if (Results.Length != count || Data.Length != count)
                throw new GbcsFormatException(GbcsErrorCode.BadField, Offset, what + ": expected " + count.ToString() + " results, found " + Results.Length.ToString());
        }
    }
}

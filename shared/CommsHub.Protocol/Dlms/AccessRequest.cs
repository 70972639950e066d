using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// DLMS ACCESS.request (tag D9), the payload of GBCS DLMS commands:
    /// <c>D9 | long-invoke-id-and-priority(4) | date-time | n | n × access-request-specification | n | n × data</c>.
    /// Decoding keeps views into the buffer; <see cref="Encode()"/> reproduces the received bytes exactly.
    /// </summary>
    public sealed class AccessRequest
    {
        private AccessRequest() { }

        /// <summary>Builds a request (date-time empty, as GBCS sends it).</summary>
        public AccessRequest(uint longInvokeIdAndPriority, AccessRequestSpec[] specs, DlmsData[] data)
        {
            if (specs == null || data == null) throw new ArgumentNullException("specs");
            LongInvokeIdAndPriority = longInvokeIdAndPriority;
            Specs = specs;
            Data = data;
            DateTimeOffset = -1;
        }

        /// <summary>long-invoke-id-and-priority; GBCS uses 0x20 followed by the low 3 bytes of the originator counter.</summary>
        public uint LongInvokeIdAndPriority { get; private set; }
        /// <summary>Buffer of a decoded request (null for a built one).</summary>
        public byte[] Buffer { get; private set; }
        /// <summary>Absolute offset of the D9 tag in <see cref="Buffer"/>.</summary>
        public int Offset { get; private set; }
        /// <summary>Absolute offset of the 12-byte APDU date-time, or -1 when empty.</summary>
        public int DateTimeOffset { get; private set; }
        /// <summary>Access-request-specifications, in order.</summary>
        public AccessRequestSpec[] Specs { get; private set; }
        /// <summary>The list of data, one per spec (null-data for gets and parameterless actions).</summary>
        public DlmsData[] Data { get; private set; }
        private int _dateTimeLength;
        private int _specCountWidth;
        private int _dataCountWidth;

        /// <summary>GBCS invoke id for an originator counter: 0x20 then the counter's low 3 bytes.</summary>
        public static uint InvokeIdFor(ulong originatorCounter)
        {
            return 0x20000000u | (uint)(originatorCounter & 0xFFFFFF);
        }

        /// <summary>Decodes a whole content region as one ACCESS.request.</summary>
        public static AccessRequest Decode(byte[] buffer, int offset, int count)
        {
            ByteReader r = ApduHeader.Open(buffer, offset, count, DlmsApdu.AccessRequest, "ACCESS.request tag");
            AccessRequest q = new AccessRequest();
            q.Buffer = buffer;
            q.Offset = offset;
            q.LongInvokeIdAndPriority = r.ReadUInt32("long-invoke-id-and-priority");
            int dtLen;
            q.DateTimeOffset = ApduHeader.ReadDateTime(r, out dtLen);
            q._dateTimeLength = dtLen;
            int n = ApduHeader.ReadCount(r, 10, "access-request-specification count", out q._specCountWidth);
            AccessRequestSpec[] specs = new AccessRequestSpec[n];
            for (int i = 0; i < n; i++) specs[i] = ReadSpec(r);
            q.Specs = specs;
            int m = ApduHeader.ReadCount(r, 1, "list-of-data count", out q._dataCountWidth);
            DlmsData[] data = new DlmsData[m];
            for (int i = 0; i < m; i++) data[i] = DlmsDataReader.Read(r);
            q.Data = data;
            ApduHeader.ExpectEnd(r, "ACCESS.request");
            return q;
        }

        private static AccessRequestSpec ReadSpec(ByteReader r)
        {
            int rel = r.RelativePosition;
            int kind = r.ReadByte("access-request-specification");
            if (kind < 1 || kind > 4)
                throw new GbcsFormatException(GbcsErrorCode.Unsupported, rel, "access-request-specification choice " + kind.ToString() + " is not supported");
            int classId = r.ReadUInt16("class id");
            int at = r.Skip(Obis.Length, "instance id");
            ulong instance = Obis.Read(r.Buffer, at);
            int id = r.ReadByte("attribute/method id");
            if (kind != (int)AccessKind.GetWithSelection) return new AccessRequestSpec((AccessKind)kind, classId, instance, id);
            int selector = r.ReadByte("access selector");
            DlmsData parameters = DlmsDataReader.Read(r);
            return new AccessRequestSpec(classId, instance, id, selector, parameters);
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
            w.WriteByte(DlmsApdu.AccessRequest);
            w.WriteUInt32(LongInvokeIdAndPriority);
            ApduHeader.WriteDateTime(w, Buffer, DateTimeOffset, _dateTimeLength);
            w.WriteLength(Specs.Length, _specCountWidth);
            for (int i = 0; i < Specs.Length; i++)
            {
                AccessRequestSpec s = Specs[i];
                w.WriteByte((int)s.Kind);
                w.WriteUInt16(s.ClassId);
                w.WriteUInt32((uint)(s.Instance >> 16));
                w.WriteUInt16((int)(s.Instance & 0xFFFF));
                w.WriteByte(s.Id);
                if (s.Kind == AccessKind.GetWithSelection)
                {
                    w.WriteByte(s.Selector);
                    DlmsDataWriter.Write(w, s.SelectorParameters ?? DlmsData.Null());
                }
            }
            w.WriteLength(Data.Length, _dataCountWidth);
            for (int i = 0; i < Data.Length; i++) DlmsDataWriter.Write(w, Data[i]);
        }

        /// <summary>Fails unless there are exactly <paramref name="count"/> specs and as many data items.</summary>
        public void ExpectCount(int count, string what)
        {
            if (Specs.Length != count || Data.Length != count)
                throw new GbcsFormatException(GbcsErrorCode.BadField, Offset, what + ": expected " + count.ToString() + " access requests, found " + Specs.Length.ToString());
        }

        /// <summary>Fails unless spec <paramref name="index"/> addresses the given object and member.</summary>
        public AccessRequestSpec ExpectSpec(int index, AccessKind kind, int classId, ulong instance, int id, string what)
        {
            if (index < 0 || index >= Specs.Length || index >= Data.Length)
                throw new GbcsFormatException(GbcsErrorCode.BadField, Offset, what + ": request " + index.ToString() + " missing");
            AccessRequestSpec s = Specs[index];
            if (s.Kind != kind || s.ClassId != classId || s.Instance != instance || s.Id != id)
                throw new GbcsFormatException(GbcsErrorCode.BadField, Offset, what + ": request " + index.ToString() + " addresses another object or member");
            return s;
        }
    }
}

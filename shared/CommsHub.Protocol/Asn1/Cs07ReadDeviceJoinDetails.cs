using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Asn1
{
    /// <summary>
    /// CS07 Read Device Join Details (message code 0x0013). The command is an ASN.1 NULL (<c>05 00</c>); the response
    /// is <c>SEQUENCE { responseCode INTEGER, SEQUENCE OF SEQUENCE { deviceId OCTET STRING(8), deviceType INTEGER } OPTIONAL }</c>
    /// (the list is absent on failure).
    /// </summary>
    public sealed class Cs07ReadDeviceJoinDetails
    {
        private static readonly Cs07JoinDetail[] NoEntries = new Cs07JoinDetail[0];

        /// <summary>0 Success, 1 Read Failure.</summary>
        public int ResponseCode;
        /// <summary>True when the device list is present (it is absent in failure responses).</summary>
        public bool HasEntries;
        /// <summary>Joined devices (empty when absent).</summary>
        public Cs07JoinDetail[] Entries = NoEntries;

        /// <summary>Checks that the payload is the CS07 command (ASN.1 NULL).</summary>
        public static void DecodeRequest(byte[] buffer, int offset, int count)
        {
            DerReader r = new DerReader(buffer, offset, count);
            r.ReadNull("read device join details command");
            r.ExpectEnd("read device join details command");
        }

        /// <summary>The CS07 command payload <c>05 00</c>.</summary>
        public static byte[] EncodeRequest()
        {
            return new byte[] { DerTag.Null, 0x00 };
        }

        /// <summary>Decodes the response payload.</summary>
        public static Cs07ReadDeviceJoinDetails Decode(byte[] buffer, int offset, int count)
        {
            DerReader outer = new DerReader(buffer, offset, count);
            DerReader s = outer.ReadSequence("read device join details response");
            outer.ExpectEnd("read device join details response");
            Cs07ReadDeviceJoinDetails r = new Cs07ReadDeviceJoinDetails();
            r.ResponseCode = s.ReadInt32("response code");
            if (!s.AtEnd)
            {
                r.HasEntries = true;
                DerReader list = s.ReadSequence("device log entries");
                System.Collections.ArrayList items = new System.Collections.ArrayList();
                while (!list.AtEnd)
                {
                    DerReader e = list.ReadSequence("device log entry");
                    Cs07JoinDetail d = new Cs07JoinDetail();
                    d.DeviceId = BigEndian.ReadUInt64(buffer, e.ReadOctetString("device id", Eui64.Length));
                    d.DeviceType = e.ReadInt32("device type");
                    e.ExpectEnd("device log entry");
                    items.Add(d);
                }
                Cs07JoinDetail[] entries = new Cs07JoinDetail[items.Count];
                for (int i = 0; i < entries.Length; i++) entries[i] = (Cs07JoinDetail)items[i];
                r.Entries = entries;
            }
            s.ExpectEnd("read device join details response");
            return r;
        }

        /// <summary>Encodes the response payload.</summary>
        public byte[] Encode()
        {
            ByteWriter w = new ByteWriter();
            DerWriter d = new DerWriter(w);
            d.BeginSequence();
            d.WriteInteger(ResponseCode);
            if (HasEntries)
            {
                d.BeginSequence();
                Cs07JoinDetail[] entries = Entries ?? NoEntries;
                for (int i = 0; i < entries.Length; i++)
                {
                    d.BeginSequence();
                    d.WriteEui64(entries[i].DeviceId);
                    d.WriteInteger(entries[i].DeviceType);
                    d.EndSequence();
                }
                d.EndSequence();
            }
            d.EndSequence();
            return w.ToArray();
        }
    }

    /// <summary>One device of a CS07 response.</summary>
    public sealed class Cs07JoinDetail
    {
        /// <summary>Device EUI-64.</summary>
        public ulong DeviceId;
        /// <summary>Device type; see <see cref="Asn1.DeviceType"/> (kept as int: unknown values survive a round trip).</summary>
        public int DeviceType;
    }
}

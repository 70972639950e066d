using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// The DLMS Data Protection "protection parameters" that precede GBCS encrypted content in DLMS payloads
    /// (Get Protected Attributes responses, ECS68 alerts; GBCS.md §1.5):
    /// <c>array[1] { structure { enum protection-type, structure { octet-string transaction-id (TT || counter),
    /// octet-string originator, octet-string recipient, octet-string other-information,
    /// structure { enum key-info-type, structure { octet-string key-parameters, octet-string key-ciphered-data } } } } }</c>.
    /// <para>
    /// These values are informative, not the key-derivation inputs: in RTDS they always mirror the grouping header
    /// (originator counter and Business Target ID), even when the key is derived from the Supplementary Originator
    /// Counter and Supplementary Remote Party ID (ECS21b URP: parameters say counter 0x516 / recipient ACB, the key
    /// needs 0x7D2 / the supplier). <see cref="GbcsPayloadCipher"/> therefore derives keys from the header only.
    /// </para>
    /// </summary>
    public sealed class ProtectionParameters
    {
        /// <summary>protection-type value for authentication and encryption (the only one GBCS uses).</summary>
        public const int AuthenticationAndEncryption = 2;
        /// <summary>key-info-type value for an agreed key (static-static ECDH).</summary>
        public const int AgreedKey = 2;

        private ProtectionParameters() { }

        /// <summary>protection-type (2 = authentication and encryption).</summary>
        public int ProtectionType { get; private set; }
        /// <summary>First byte of the transaction id: 0x04 (payload encryption) in RTDS, in place of the CRA flag.</summary>
        public int TransactionType { get; private set; }
        /// <summary>Counter of the transaction id (in RTDS: the grouping header's originator counter).</summary>
        public ulong Counter { get; private set; }
        /// <summary>Originator system title (the device).</summary>
        public ulong Originator { get; private set; }
        /// <summary>Recipient system title (in RTDS: the grouping header's Business Target ID, never the SRP).</summary>
        public ulong Recipient { get; private set; }
        /// <summary>Absolute offset of the other-information bytes.</summary>
        public int OtherInformationOffset { get; private set; }
        /// <summary>Length of the other-information (0 in RTDS).</summary>
        public int OtherInformationLength { get; private set; }
        /// <summary>key-info-type (2 = agreed key).</summary>
        public int KeyInfoType { get; private set; }
        /// <summary>First key-parameters byte (0x02 = C(0e, 2s ECC CDH)), or -1 when the octet-string is empty.</summary>
        public int KeyParameters { get; private set; }
        /// <summary>Length of key-ciphered-data (0 for an agreed key).</summary>
        public int KeyCipheredDataLength { get; private set; }

        /// <summary>
        /// True when <paramref name="d"/> has the outer shape of protection parameters (an array whose first element is
        /// a structure of an enum and a 5-element structure). Never throws; used to recognise them inside a payload.
        /// </summary>
        public static bool HasShape(DlmsData d)
        {
            if (d == null || d.Type != DlmsType.Array || d.Children.Length < 1) return false;
            DlmsData e = d.Children[0];
            return e.Type == DlmsType.Structure && e.Children.Length == 2 &&
                   e.Children[0].Type == DlmsType.Enum &&
                   e.Children[1].Type == DlmsType.Structure && e.Children[1].Children.Length == 5;
        }

        /// <summary>Decodes the parameters; fails with <see cref="GbcsFormatException"/> on any other shape.</summary>
        public static ProtectionParameters Decode(DlmsData d)
        {
            if (!HasShape(d))
                throw new GbcsFormatException(GbcsErrorCode.BadField, Offset(d), "protection parameters: unexpected shape");
            if (d.Children.Length != 1)
                throw new GbcsFormatException(GbcsErrorCode.Unsupported, Offset(d), "protection parameters: more than one element");
            DlmsData element = d.Children[0];
            DlmsData options = element.Children[1];
            ProtectionParameters p = new ProtectionParameters();
            p.ProtectionType = (int)element.Children[0].Value;

            DlmsData tid = options.Child(0).ExpectOctetString(GbcsLayout.TransactionIdLength, "transaction id");
            p.TransactionType = tid.Buffer[tid.ValueOffset];
            p.Counter = BigEndian.ReadUInt64(tid.Buffer, tid.ValueOffset + 1);
            p.Originator = options.Child(1).ExpectEui64("originator system title");
            p.Recipient = options.Child(2).ExpectEui64("recipient system title");
            DlmsData other = options.Child(3).ExpectOctetString(-1, "other information");
            p.OtherInformationOffset = other.ValueOffset;
            p.OtherInformationLength = other.ValueLength;

            DlmsData keyInfo = options.Child(4).ExpectStructure(2, "key info");
            p.KeyInfoType = (int)keyInfo.Child(0).Expect(DlmsType.Enum, "key info type").Value;
            DlmsData agreed = keyInfo.Child(1).ExpectStructure(2, "agreed key info options");
            DlmsData kp = agreed.Child(0).ExpectOctetString(-1, "key parameters");
            p.KeyParameters = kp.ValueLength > 0 ? kp.Buffer[kp.ValueOffset] : -1;
            p.KeyCipheredDataLength = agreed.Child(1).ExpectOctetString(-1, "key ciphered data").ValueLength;
            return p;
        }

        /// <summary>
        /// True when the parameters repeat the grouping header (originator, originator counter, Business Target ID),
        /// as every RTDS message does. A mismatch is not an error by itself: the key comes from the header.
        /// </summary>
        public bool MatchesHeader(GbcsMessage m)
        {
            return Originator == m.Originator && Counter == m.OriginatorCounter && Recipient == m.Target;
        }

        private static int Offset(DlmsData d)
        {
            return d == null || d.TagOffset < 0 ? 0 : d.TagOffset;
        }
    }
}

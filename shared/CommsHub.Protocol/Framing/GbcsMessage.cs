using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Framing
{
    /// <summary>
    /// A parsed GBCS message: a view over the received buffer. Field offsets are absolute indexes into
    /// <see cref="Buffer"/>, so nothing is copied; -1 marks an absent field. Produced by <see cref="GbcsFrameParser"/>.
    /// </summary>
    public sealed class GbcsMessage
    {
        /// <summary>The buffer the message was parsed from (not copied).</summary>
        public byte[] Buffer { get; internal set; }

        // The parser's reader, kept for the next ParseInto into this message (no allocation per frame).
        internal ByteReader Reader;
        /// <summary>Offset of the first byte of the message in <see cref="Buffer"/>.</summary>
        public int Offset { get; internal set; }
        /// <summary>Total length of the message.</summary>
        public int Length { get; internal set; }
        /// <summary>Outer form.</summary>
        public GbcsForm Form { get; internal set; }

        /// <summary>Width in bytes of the MAC header's ciphered-service length (0 without MAC header).</summary>
        public int CipheredLengthWidth { get; internal set; }
        /// <summary>Offset of the general-signing <c>DF</c> tag.</summary>
        public int SigningOffset { get; internal set; }
        /// <summary>Length from the <c>DF</c> tag through the end of the signature field (the MAC's AAD body).</summary>
        public int SigningLength { get; internal set; }
        /// <summary>Offset of the 12-byte MAC, or -1.</summary>
        public int MacOffset { get; internal set; }

        /// <summary>Command, response or alert.</summary>
        public CraFlag Cra { get; internal set; }
        /// <summary>Originator counter (transaction id bytes 2..9).</summary>
        public ulong OriginatorCounter { get; internal set; }
        /// <summary>Business Originator ID (originator system title).</summary>
        public ulong Originator { get; internal set; }
        /// <summary>Business Target ID (recipient system title).</summary>
        public ulong Target { get; internal set; }
        /// <summary>Offset of the 12-byte DLMS date-time, or -1 when its length byte is 0.</summary>
        public int DateTimeOffset { get; internal set; }

        /// <summary>Offset of the other-information field's content (the message code).</summary>
        public int OtherInfoOffset { get; internal set; }
        /// <summary>Length of the other-information content.</summary>
        public int OtherInfoLength { get; internal set; }
        /// <summary>Width of the other-information length field.</summary>
        public int OtherInfoLengthWidth { get; internal set; }
        /// <summary>Message code (use case), e.g. 0x0001 for CCS01.</summary>
        public int MessageCode { get; internal set; }
        /// <summary>True when a Supplementary Remote Party ID is present.</summary>
        public bool HasSupplementaryRemotePartyId { get; internal set; }
        /// <summary>Supplementary Remote Party ID (the DCC user for ACB-originated commands).</summary>
        public ulong SupplementaryRemotePartyId { get; internal set; }
        /// <summary>True when a Supplementary Remote Party Counter is present.</summary>
        public bool HasSupplementaryRemotePartyCounter { get; internal set; }
        /// <summary>Supplementary Remote Party Counter (the user's DUIS RequestID counter).</summary>
        public ulong SupplementaryRemotePartyCounter { get; internal set; }
        /// <summary>True when a Supplementary Originator Counter is present (other-information of 26 bytes).</summary>
        public bool HasSupplementaryOriginatorCounter { get; internal set; }
        /// <summary>Supplementary Originator Counter.</summary>
        public ulong SupplementaryOriginatorCounter { get; internal set; }
        /// <summary>Offset of the Supplementary Remote Party KA certificate (DER), or -1.</summary>
        public int SupplementaryRemotePartyCertificateOffset { get; internal set; }
        /// <summary>Length of the Supplementary Remote Party KA certificate.</summary>
        public int SupplementaryRemotePartyCertificateLength { get; internal set; }

        /// <summary>Offset of the payload (DLMS, GBZ or ASN.1).</summary>
        public int ContentOffset { get; internal set; }
        /// <summary>Length of the payload.</summary>
        public int ContentLength { get; internal set; }
        /// <summary>Width of the content length field.</summary>
        public int ContentLengthWidth { get; internal set; }

        /// <summary>What the signature field holds.</summary>
        public SignatureKind Signature { get; internal set; }
        /// <summary>Offset of the 64-byte r||s signature, or -1.</summary>
        public int SignatureOffset { get; internal set; }

        /// <summary>
        /// The bytes an ECDSA signature covers: the grouping header without the <c>DF</c> tag, through the end of the
        /// content (GBCS.md §3.3). Offset of the first.
        /// </summary>
        public int SignedDataOffset { get { return SigningOffset + 1; } }

        /// <summary>Length of the ECDSA-signed data.</summary>
        public int SignedDataLength { get { return ContentOffset + ContentLength - SigningOffset - 1; } }

        /// <summary>Offset of the first byte after the message.</summary>
        public int EndOffset { get { return Offset + Length; } }

        /// <summary>Business Originator ID as 16 hex digits.</summary>
        public string OriginatorText { get { return Eui64.ToText(Originator); } }

        /// <summary>Business Target ID as 16 hex digits.</summary>
        public string TargetText { get { return Eui64.ToText(Target); } }
    }
}

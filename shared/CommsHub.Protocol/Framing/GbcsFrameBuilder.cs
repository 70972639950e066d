using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Framing
{
    /// <summary>
    /// Builds GBCS frames: MAC header (optional), grouping header, content and signature field. Length fields are
    /// written minimally unless a width is set, so <c>Build(FromMessage(Parse(x)))</c> reproduces <c>x</c> exactly.
    /// The MAC itself is computed by <c>GbcsMac.Apply</c> over the built frame (or copied from <see cref="Mac"/>).
    /// </summary>
    public sealed class GbcsFrameBuilder
    {
        /// <summary>Wrap the grouping header in a general-ciphering MAC header and append a 12-byte MAC.</summary>
        public bool WithMacHeader;
        /// <summary>Command, response or alert.</summary>
        public CraFlag Cra = CraFlag.Command;
        /// <summary>Originator counter.</summary>
        public ulong OriginatorCounter;
        /// <summary>Business Originator ID.</summary>
        public ulong Originator;
        /// <summary>Business Target ID.</summary>
        public ulong Target;
        /// <summary>12-byte DLMS date-time, or null for none.</summary>
        public byte[] DateTime;
        /// <summary>Message code (use case).</summary>
        public int MessageCode;
        /// <summary>Include the Supplementary Remote Party ID.</summary>
        public bool HasSupplementaryRemotePartyId;
        /// <summary>Supplementary Remote Party ID.</summary>
        public ulong SupplementaryRemotePartyId;
        /// <summary>Include the Supplementary Remote Party Counter (requires the ID).</summary>
        public bool HasSupplementaryRemotePartyCounter;
        /// <summary>Supplementary Remote Party Counter.</summary>
        public ulong SupplementaryRemotePartyCounter;
        /// <summary>Include the Supplementary Originator Counter (requires ID and counter; excludes a certificate).</summary>
        public bool HasSupplementaryOriginatorCounter;
        /// <summary>Supplementary Originator Counter.</summary>
        public ulong SupplementaryOriginatorCounter;
        /// <summary>DER Supplementary Remote Party KA certificate, or null (requires ID and counter).</summary>
        public byte[] SupplementaryRemotePartyCertificate;
        /// <summary>Payload bytes (not copied until <see cref="Build"/>).</summary>
        public byte[] Content;
        /// <summary>Offset of the payload in <see cref="Content"/>.</summary>
        public int ContentOffset;
        /// <summary>Length of the payload.</summary>
        public int ContentLength;
        /// <summary>What the signature field holds.</summary>
        public SignatureKind Signature = SignatureKind.Null;
        /// <summary>64-byte r||s when <see cref="Signature"/> is Ecdsa (may be filled in later by signing).</summary>
        public byte[] SignatureBytes;
        /// <summary>12-byte MAC to copy, or null to leave zeros for <c>GbcsMac.Apply</c>.</summary>
        public byte[] Mac;
        /// <summary>Width of the ciphered-service length (0 = minimal).</summary>
        public int CipheredLengthWidth;
        /// <summary>Width of the other-information length (0 = minimal).</summary>
        public int OtherInfoLengthWidth;
        /// <summary>Width of the content length (0 = minimal).</summary>
        public int ContentLengthWidth;

        /// <summary>Sets the payload to a whole array.</summary>
        public void SetContent(byte[] content)
        {
            Content = content;
            ContentOffset = 0;
            ContentLength = content == null ? 0 : content.Length;
        }

        /// <summary>Copies every field of a parsed message, including its length forms.</summary>
        public static GbcsFrameBuilder FromMessage(GbcsMessage m)
        {
            GbcsFrameBuilder b = new GbcsFrameBuilder();
            byte[] buf = m.Buffer;
            b.WithMacHeader = m.Form == GbcsForm.Mac;
            b.Cra = m.Cra;
            b.OriginatorCounter = m.OriginatorCounter;
            b.Originator = m.Originator;
            b.Target = m.Target;
            b.DateTime = m.DateTimeOffset >= 0 ? BigEndian.Slice(buf, m.DateTimeOffset, GbcsLayout.DateTimeLength) : null;
            b.MessageCode = m.MessageCode;
            b.CopySupplementaryFields(m);
            b.SupplementaryRemotePartyCertificate = m.SupplementaryRemotePartyCertificateOffset >= 0
                ? BigEndian.Slice(buf, m.SupplementaryRemotePartyCertificateOffset, m.SupplementaryRemotePartyCertificateLength) : null;
            b.Content = buf;
            b.ContentOffset = m.ContentOffset;
            b.ContentLength = m.ContentLength;
            b.Signature = m.Signature;
            b.SignatureBytes = m.SignatureOffset >= 0 ? BigEndian.Slice(buf, m.SignatureOffset, GbcsLayout.SignatureLength) : null;
            b.Mac = m.MacOffset >= 0 ? BigEndian.Slice(buf, m.MacOffset, GbcsLayout.MacLength) : null;
            b.CipheredLengthWidth = m.CipheredLengthWidth;
            b.OtherInfoLengthWidth = m.OtherInfoLengthWidth;
            b.ContentLengthWidth = m.ContentLengthWidth;
            return b;
        }

        /// <summary>
        /// Copies the supplementary remote party ID and counter and the supplementary originator counter of
        /// <paramref name="m"/> (not its KA certificate): a response or alert answers on behalf of the same party.
        /// </summary>
        public void CopySupplementaryFields(GbcsMessage m)
        {
            HasSupplementaryRemotePartyId = m.HasSupplementaryRemotePartyId;
            SupplementaryRemotePartyId = m.SupplementaryRemotePartyId;
            HasSupplementaryRemotePartyCounter = m.HasSupplementaryRemotePartyCounter;
            SupplementaryRemotePartyCounter = m.SupplementaryRemotePartyCounter;
            HasSupplementaryOriginatorCounter = m.HasSupplementaryOriginatorCounter;
            SupplementaryOriginatorCounter = m.SupplementaryOriginatorCounter;
        }

        /// <summary>Length of the other-information content for the chosen supplementary fields.</summary>
        public int OtherInformationLength
        {
            get
            {
                if (!HasSupplementaryRemotePartyId) return 2;
                if (!HasSupplementaryRemotePartyCounter) return 10;
                if (SupplementaryRemotePartyCertificate != null) return 18 + SupplementaryRemotePartyCertificate.Length;
                return HasSupplementaryOriginatorCounter ? 26 : 18;
            }
        }

        private int SignatureFieldLength
        {
            get
            {
                if (Signature == SignatureKind.Absent) return 0;
                return Signature == SignatureKind.Ecdsa ? 1 + GbcsLayout.SignatureLength : 1;
            }
        }

        /// <summary>Length of the general-signing APDU (DF through the signature field).</summary>
        public int SigningLength
        {
            get
            {
                int oi = OtherInformationLength;
                return 1 + 1 + GbcsLayout.TransactionIdLength + 9 + 9
                    + 1 + (DateTime != null ? GbcsLayout.DateTimeLength : 0)
                    + Width(oi, OtherInfoLengthWidth) + oi
                    + Width(ContentLength, ContentLengthWidth) + ContentLength
                    + SignatureFieldLength;
            }
        }

        /// <summary>Total frame length.</summary>
        public int Measure()
        {
            int signing = SigningLength;
            if (!WithMacHeader) return signing;
            int ciphered = GbcsLayout.SecurityHeaderLength + signing + GbcsLayout.MacLength;
            return 7 + Width(ciphered, CipheredLengthWidth) + ciphered;
        }

        /// <summary>Builds the frame into a new array.</summary>
        public byte[] Build()
        {
            byte[] b = new byte[Measure()];
            WriteTo(b, 0);
            return b;
        }

        /// <summary>Writes the frame at <paramref name="offset"/>; returns the offset after it.</summary>
        /// <exception cref="GbcsFormatException">inconsistent fields (e.g. a signature of the wrong size) or too small a buffer.</exception>
        public int WriteTo(byte[] b, int offset)
        {
            Validate();
            int total = Measure();
            if (b == null || offset < 0 || offset > b.Length - total)
                throw new GbcsFormatException(GbcsErrorCode.BufferTooSmall, 0, "buffer too small for a " + total.ToString() + "-byte frame");
            int p = offset;
            int signing = SigningLength;
            if (WithMacHeader)
            {
                b[p++] = GbcsLayout.GeneralCipheringTag;
                for (int i = 0; i < 6; i++) b[p++] = 0x00;
                p = LengthEncoding.Write(b, p, GbcsLayout.SecurityHeaderLength + signing + GbcsLayout.MacLength, CipheredLengthWidth);
                b[p++] = GbcsLayout.SecurityControlAuthOnly;
                for (int i = 0; i < 4; i++) b[p++] = 0x00;
            }
            b[p++] = GbcsLayout.GeneralSigningTag;
            b[p++] = GbcsLayout.TransactionIdLength;
            b[p++] = (byte)Cra;
            BigEndian.WriteUInt64(b, p, OriginatorCounter); p += 8;
            b[p++] = 8;
            BigEndian.WriteUInt64(b, p, Originator); p += 8;
            b[p++] = 8;
            BigEndian.WriteUInt64(b, p, Target); p += 8;
            if (DateTime == null) b[p++] = 0;
            else
            {
                b[p++] = GbcsLayout.DateTimeLength;
                Array.Copy(DateTime, 0, b, p, GbcsLayout.DateTimeLength);
                p += GbcsLayout.DateTimeLength;
            }
            p = LengthEncoding.Write(b, p, OtherInformationLength, OtherInfoLengthWidth);
            BigEndian.WriteUInt16(b, p, MessageCode); p += 2;
            if (HasSupplementaryRemotePartyId) { BigEndian.WriteUInt64(b, p, SupplementaryRemotePartyId); p += 8; }
            if (HasSupplementaryRemotePartyCounter) { BigEndian.WriteUInt64(b, p, SupplementaryRemotePartyCounter); p += 8; }
            if (SupplementaryRemotePartyCertificate != null)
            {
                Array.Copy(SupplementaryRemotePartyCertificate, 0, b, p, SupplementaryRemotePartyCertificate.Length);
                p += SupplementaryRemotePartyCertificate.Length;
            }
            else if (HasSupplementaryOriginatorCounter) { BigEndian.WriteUInt64(b, p, SupplementaryOriginatorCounter); p += 8; }
            p = LengthEncoding.Write(b, p, ContentLength, ContentLengthWidth);
            if (ContentLength > 0) Array.Copy(Content, ContentOffset, b, p, ContentLength);
            p += ContentLength;
            if (Signature == SignatureKind.Null) b[p++] = 0x00;
            else if (Signature == SignatureKind.Ecdsa)
            {
                b[p++] = GbcsLayout.SignatureLength;
                if (SignatureBytes != null) Array.Copy(SignatureBytes, 0, b, p, GbcsLayout.SignatureLength);
                else Array.Clear(b, p, GbcsLayout.SignatureLength);
                p += GbcsLayout.SignatureLength;
            }
            if (WithMacHeader)
            {
                if (Mac != null) Array.Copy(Mac, 0, b, p, GbcsLayout.MacLength);
                else Array.Clear(b, p, GbcsLayout.MacLength);
                p += GbcsLayout.MacLength;
            }
            return p;
        }

        private void Validate()
        {
            if (MessageCode < 0 || MessageCode > 0xFFFF) Fail("message code must fit 2 bytes");
            if (DateTime != null && DateTime.Length != GbcsLayout.DateTimeLength) Fail("date-time must be 12 bytes");
            if (HasSupplementaryRemotePartyCounter && !HasSupplementaryRemotePartyId) Fail("a supplementary remote party counter needs the party ID");
            if ((HasSupplementaryOriginatorCounter || SupplementaryRemotePartyCertificate != null) && !HasSupplementaryRemotePartyCounter)
                Fail("a supplementary originator counter or certificate needs the remote party ID and counter");
            if (HasSupplementaryOriginatorCounter && SupplementaryRemotePartyCertificate != null)
                Fail("other-information holds either a supplementary originator counter or a certificate, not both");
            if (SupplementaryRemotePartyCertificate != null && SupplementaryRemotePartyCertificate.Length <= 8)
                Fail("a supplementary remote party certificate must be longer than 8 bytes");
            if (ContentLength < 0 || (ContentLength > 0 && (Content == null || ContentOffset < 0 || ContentOffset > Content.Length - ContentLength)))
                Fail("content range outside its buffer");
            if (SignatureBytes != null && SignatureBytes.Length != GbcsLayout.SignatureLength) Fail("signature must be 64 bytes");
            if (Mac != null && Mac.Length != GbcsLayout.MacLength) Fail("MAC must be 12 bytes");
            if (WithMacHeader && Signature == SignatureKind.Absent) Fail("a MAC'd message needs a signature field (null or ECDSA)");
        }

        private static void Fail(string message)
        {
            throw new GbcsFormatException(GbcsErrorCode.BadField, 0, message);
        }

        private static int Width(int length, int requested)
        {
            int min = LengthEncoding.MinimalWidth(length);
            return requested > min ? requested : min;
        }
    }
}

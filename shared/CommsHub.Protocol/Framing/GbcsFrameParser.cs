using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Framing
{
    /// <summary>
    /// Parses the GBCS outer forms (MAC header, grouping header, content, signature) in place. Every malformed
    /// input ends in a <see cref="GbcsFormatException"/>; the parser never reads outside the given region.
    /// Crypto is not checked here: see <c>GbcsMessageVerifier</c>.
    /// </summary>
    public static class GbcsFrameParser
    {
        /// <summary>Parses a whole buffer as one message.</summary>
        public static GbcsMessage Parse(byte[] buffer)
        {
            if (buffer == null) throw new GbcsFormatException(GbcsErrorCode.Truncated, 0, "no input");
            return Parse(buffer, 0, buffer.Length);
        }

        /// <summary>Parses <paramref name="count"/> bytes at <paramref name="offset"/> as one message; trailing bytes are an error.</summary>
        public static GbcsMessage Parse(byte[] buffer, int offset, int count)
        {
            GbcsMessage m = new GbcsMessage();
            ParseInto(m, buffer, offset, count);
            return m;
        }

        /// <summary>Parses into an existing message object, so a device can reuse one instance per buffer.</summary>
        public static void ParseInto(GbcsMessage m, byte[] buffer, int offset, int count)
        {
            // The message keeps its reader: a device parsing into one message per buffer allocates nothing per frame.
            ByteReader r = m.Reader;
            if (r == null)
            {
                r = new ByteReader(buffer, offset, count);
                m.Reader = r;
            }
            else
            {
                r.Reset(buffer, offset, count);
            }
            m.Buffer = buffer;
            m.Offset = offset;
            m.Length = count;
            m.MacOffset = -1;
            m.CipheredLengthWidth = 0;

            int first = r.Peek("message tag");
            if (first == GbcsLayout.GeneralCipheringTag)
            {
                r.ReadByte("general-ciphering tag");
                int second = r.Peek("transaction id length");
                if (second != 0x00)
                    throw new GbcsFormatException(GbcsErrorCode.GbtNotSupported, r.RelativePosition,
                        "GBT (general block transfer) messages are not supported");
                // transaction id, originator and recipient system titles, date-time, other-information: all empty;
                // then key-info absent (00). GBCS 7.2.5.
                for (int i = 0; i < 6; i++) r.ExpectTag(0x00, "empty MAC header field");
                int width;
                int ciphered = r.ReadLength("ciphered-service length", out width);
                m.CipheredLengthWidth = width;
                if (ciphered != r.Remaining)
                    throw new GbcsFormatException(ciphered > r.Remaining ? GbcsErrorCode.Truncated : GbcsErrorCode.TrailingBytes,
                        r.RelativePosition, "ciphered-service length " + ciphered.ToString() + " does not match the " + r.Remaining.ToString() + " bytes that follow");
                if (ciphered < GbcsLayout.SecurityHeaderLength + GbcsLayout.MacLength + 1)
                    throw new GbcsFormatException(GbcsErrorCode.BadLength, r.RelativePosition, "ciphered-service too short");
                r.ExpectTag(GbcsLayout.SecurityControlAuthOnly, "security control");
                if (r.ReadUInt32("invocation counter") != 0)
                    throw new GbcsFormatException(GbcsErrorCode.BadField, r.RelativePosition - 4, "invocation counter must be 0");
                int macAt = r.End - GbcsLayout.MacLength;
                m.MacOffset = macAt;
                r.Limit(macAt);
                ParseGeneralSigning(m, r, true);
                m.Form = GbcsForm.Mac;
            }
            else if (first == GbcsLayout.GeneralSigningTag)
            {
                ParseGeneralSigning(m, r, false);
                m.Form = m.Signature == SignatureKind.Ecdsa ? GbcsForm.Signed : GbcsForm.PreCommand;
            }
            else
            {
                throw new GbcsFormatException(GbcsErrorCode.UnexpectedTag, 0,
                    "not a GBCS message: first byte 0x" + first.ToString("X2") + " is neither DD nor DF");
            }
        }

        private static void ParseGeneralSigning(GbcsMessage m, ByteReader r, bool insideMac)
        {
            m.SigningOffset = r.Position;
            r.ExpectTag(GbcsLayout.GeneralSigningTag, "general-signing tag");

            int at = r.RelativePosition;
            if (r.ReadByte("transaction id length") != GbcsLayout.TransactionIdLength)
                throw new GbcsFormatException(GbcsErrorCode.BadField, at, "transaction id must be 9 bytes");
            at = r.RelativePosition;
            int cra = r.ReadByte("CRA flag");
            if (cra < 1 || cra > 3)
                throw new GbcsFormatException(GbcsErrorCode.BadCraFlag, at, "CRA flag 0x" + cra.ToString("X2") + " is not 01, 02 or 03");
            m.Cra = (CraFlag)cra;
            m.OriginatorCounter = r.ReadUInt64("originator counter");

            at = r.RelativePosition;
            if (r.ReadByte("originator system title length") != 8)
                throw new GbcsFormatException(GbcsErrorCode.BadField, at, "originator system title must be 8 bytes");
            m.Originator = r.ReadUInt64("originator system title");
            at = r.RelativePosition;
            if (r.ReadByte("recipient system title length") != 8)
                throw new GbcsFormatException(GbcsErrorCode.BadField, at, "recipient system title must be 8 bytes");
            m.Target = r.ReadUInt64("recipient system title");

            at = r.RelativePosition;
            int dtLen = r.ReadByte("date-time length");
            if (dtLen == 0) m.DateTimeOffset = -1;
            else if (dtLen == GbcsLayout.DateTimeLength) m.DateTimeOffset = r.Skip(dtLen, "date-time");
            else throw new GbcsFormatException(GbcsErrorCode.BadField, at, "date-time must be 0 or 12 bytes");

            int width;
            at = r.RelativePosition;
            int oiLen = r.ReadBoundedLength("other-information", out width);
            m.OtherInfoLengthWidth = width;
            m.OtherInfoLength = oiLen;
            m.OtherInfoOffset = r.Skip(oiLen, "other-information");
            ParseOtherInformation(m, r.Buffer, at);

            m.ContentLength = r.ReadBoundedLength("content", out width);
            m.ContentLengthWidth = width;
            m.ContentOffset = r.Skip(m.ContentLength, "content");

            at = r.RelativePosition;
            int left = r.Remaining;
            if (left == 0)
            {
                if (insideMac)
                    throw new GbcsFormatException(GbcsErrorCode.Truncated, at, "signature field missing inside a MAC'd message");
                m.Signature = SignatureKind.Absent;
                m.SignatureOffset = -1;
            }
            else
            {
                int sigLen = r.ReadByte("signature length");
                if (sigLen == 0)
                {
                    m.Signature = SignatureKind.Null;
                    m.SignatureOffset = -1;
                }
                else if (sigLen == GbcsLayout.SignatureLength)
                {
                    m.Signature = SignatureKind.Ecdsa;
                    m.SignatureOffset = r.Skip(GbcsLayout.SignatureLength, "signature");
                }
                else
                {
                    throw new GbcsFormatException(GbcsErrorCode.BadField, at, "signature length must be 00 or 40");
                }
                if (r.Remaining != 0)
                    throw new GbcsFormatException(GbcsErrorCode.TrailingBytes, r.RelativePosition,
                        r.Remaining.ToString() + " bytes after the signature field");
            }
            m.SigningLength = r.Position - m.SigningOffset;
        }

        private static void ParseOtherInformation(GbcsMessage m, byte[] b, int at)
        {
            int len = m.OtherInfoLength;
            int p = m.OtherInfoOffset;
            m.HasSupplementaryRemotePartyId = false;
            m.HasSupplementaryRemotePartyCounter = false;
            m.HasSupplementaryOriginatorCounter = false;
            m.SupplementaryRemotePartyId = 0;
            m.SupplementaryRemotePartyCounter = 0;
            m.SupplementaryOriginatorCounter = 0;
            m.SupplementaryRemotePartyCertificateOffset = -1;
            m.SupplementaryRemotePartyCertificateLength = 0;
            // Allowed layouts (GBCS.md §1.3): 2 = code; 10 = + SRP ID; 18 = + SRP counter;
            // 26 = + supplementary originator counter; > 26 = code, SRP ID, SRP counter, SRP KA certificate.
            if (len != 2 && len != 10 && len != 18 && len < 26)
                throw new GbcsFormatException(GbcsErrorCode.BadField, at, "other-information length " + len.ToString() + " matches no GBCS layout");
            m.MessageCode = BigEndian.ReadUInt16(b, p);
            if (len >= 10)
            {
                m.HasSupplementaryRemotePartyId = true;
                m.SupplementaryRemotePartyId = BigEndian.ReadUInt64(b, p + 2);
            }
            if (len >= 18)
            {
                m.HasSupplementaryRemotePartyCounter = true;
                m.SupplementaryRemotePartyCounter = BigEndian.ReadUInt64(b, p + 10);
            }
            if (len == 26)
            {
                m.HasSupplementaryOriginatorCounter = true;
                m.SupplementaryOriginatorCounter = BigEndian.ReadUInt64(b, p + 18);
            }
            else if (len > 26)
            {
                m.SupplementaryRemotePartyCertificateOffset = p + 18;
                m.SupplementaryRemotePartyCertificateLength = len - 18;
            }
        }
    }
}

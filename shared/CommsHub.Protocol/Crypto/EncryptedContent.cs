using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// One GBCS encrypted content inside a payload: a view over the message buffer of the protected bytes
    /// <c>31 | invocation counter(4) | ciphertext | tag(12)</c> (GBCS.md §1.5). Offsets are absolute in
    /// <see cref="Buffer"/>. Found by <see cref="EncryptedContentLocator"/>, opened by <see cref="GbcsPayloadCipher"/>.
    /// </summary>
    public sealed class EncryptedContent
    {
        /// <summary>Security control byte of encrypted content: authentication and encryption.</summary>
        public const int SecurityControl = 0x31;
        /// <summary>Bytes of the security header: security control (1) + invocation counter (4).</summary>
        public const int SecurityHeaderLength = 5;
        /// <summary>Bytes of the GCM tag carried after the ciphertext.</summary>
        public const int TagLength = 12;
        /// <summary>Bytes the protection adds to the plaintext.</summary>
        public const int Overhead = SecurityHeaderLength + TagLength;

        private EncryptedContent() { }

        /// <summary>Where the content was found.</summary>
        public EncryptedContentKind Kind { get; private set; }
        /// <summary>The message buffer (not copied).</summary>
        public byte[] Buffer { get; private set; }
        /// <summary>Absolute offset of the security control byte (0x31).</summary>
        public int Offset { get; private set; }
        /// <summary>Length of the protected bytes: security header, ciphertext and tag.</summary>
        public int Length { get; private set; }
        /// <summary>Invocation counter of the security header: the last four bytes of the IV (0 in every RTDS message).</summary>
        public uint InvocationCounter { get; private set; }
        /// <summary>Absolute offset of the ciphertext.</summary>
        public int CiphertextOffset { get { return Offset + SecurityHeaderLength; } }
        /// <summary>Length of the ciphertext, which is also the plaintext length.</summary>
        public int CiphertextLength { get { return Length - Overhead; } }
        /// <summary>Absolute offset of the 12-byte tag.</summary>
        public int TagOffset { get { return Offset + Length - TagLength; } }

        /// <summary>The DLMS protection parameters in front of the content; null for GBZ components.</summary>
        public ProtectionParameters Parameters { get; private set; }

        /// <summary>GBZ: absolute offset of the component's control field; -1 for DLMS.</summary>
        public int ComponentOffset { get; private set; }
        /// <summary>GBZ: the component's control field (0x02 encrypted, 0x01 last).</summary>
        public int ControlField { get; private set; }
        /// <summary>GBZ: ZigBee cluster id (e.g. 0x0702 Metering).</summary>
        public int ClusterId { get; private set; }
        /// <summary>GBZ: additional header control byte.</summary>
        public int AdditionalHeaderControl { get; private set; }
        /// <summary>GBZ: additional header frame counter.</summary>
        public int AdditionalHeaderFrameCounter { get; private set; }
        /// <summary>GBZ: ZCL frame control.</summary>
        public int ZclFrameControl { get; private set; }
        /// <summary>GBZ: ZCL sequence number.</summary>
        public int ZclSequenceNumber { get; private set; }
        /// <summary>GBZ: ZCL command id (the plaintext is this command's payload).</summary>
        public int ZclCommandId { get; private set; }

        /// <summary>
        /// Wraps the protected bytes at <paramref name="offset"/>; fails with <see cref="GbcsFormatException"/> unless they
        /// hold at least a security header and a tag and the security control byte is 0x31.
        /// </summary>
        public static EncryptedContent FromProtected(byte[] buffer, int offset, int length)
        {
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length - length)
                throw new GbcsFormatException(GbcsErrorCode.Truncated, 0, "encrypted content outside the buffer");
            if (length < Overhead)
                throw new GbcsFormatException(GbcsErrorCode.BadLength, offset, "encrypted content shorter than security header and tag");
            if (buffer[offset] != SecurityControl)
                throw new GbcsFormatException(GbcsErrorCode.Unsupported, offset,
                    "encrypted content security control 0x" + Hex.Encode(buffer, offset, 1) + " is not 0x31");
            EncryptedContent c = new EncryptedContent();
            c.Buffer = buffer;
            c.Offset = offset;
            c.Length = length;
            c.InvocationCounter = BigEndian.ReadUInt32(buffer, offset + 1);
            c.ComponentOffset = -1;
            return c;
        }

        /// <summary>A DLMS protected-attributes content with its parameters.</summary>
        internal static EncryptedContent Dlms(byte[] buffer, int offset, int length, ProtectionParameters parameters)
        {
            EncryptedContent c = FromProtected(buffer, offset, length);
            c.Kind = EncryptedContentKind.DlmsProtectedAttributes;
            c.Parameters = parameters;
            return c;
        }

        /// <summary>A GBZ encrypted component; the header bytes are read from the component at <paramref name="componentOffset"/>.</summary>
        internal static EncryptedContent Gbz(byte[] buffer, int componentOffset, int protectedOffset, int length)
        {
            EncryptedContent c = FromProtected(buffer, protectedOffset, length);
            c.Kind = EncryptedContentKind.GbzComponent;
            c.ComponentOffset = componentOffset;
            c.ControlField = buffer[componentOffset];
            c.ClusterId = BigEndian.ReadUInt16(buffer, componentOffset + 1);
            c.AdditionalHeaderControl = buffer[componentOffset + 5];
            c.AdditionalHeaderFrameCounter = buffer[componentOffset + 6];
            c.ZclFrameControl = buffer[componentOffset + 7];
            c.ZclSequenceNumber = buffer[componentOffset + 8];
            c.ZclCommandId = buffer[componentOffset + 9];
            return c;
        }
    }
}

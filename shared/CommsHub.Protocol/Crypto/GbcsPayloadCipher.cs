using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// Decrypts and encrypts GBCS encrypted content (security control 0x31, GBCS.md §1.5, §3.1-§3.2): AES-128-GCM over
    /// <c>31 | IC | ciphertext | tag(12)</c> with AAD = the single byte 0x31, IV = originator || IC and
    /// key = KDF(ECDH(device KA, partner KA), originator = the device, TT = 0x04, counter, recipient), where counter
    /// is the Supplementary Originator Counter if present else the originator counter and recipient is the
    /// Supplementary Remote Party ID if present else the Business Target ID. Those come from the grouping header,
    /// never from the DLMS <see cref="ProtectionParameters"/> (which RTDS shows to differ; see there).
    /// <para>The invocation counter IC (security header bytes 1-4) is 0 in every RTDS message, which therefore encrypts
    /// the several GBZ components of one response (GCS15b/c, GCS16a/b) under one key AND one IV. Content encrypted here
    /// may set IC per encrypted piece so that no IV repeats under a key; the IV follows whatever IC the bytes carry.</para>
    /// <para>One instance reuses its buffers (nothing allocated per call) and zeroes key material after every call;
    /// not thread-safe (use one per thread).</para>
    /// </summary>
    public sealed class GbcsPayloadCipher
    {
        private static readonly byte[] Aad = new byte[] { EncryptedContent.SecurityControl };
        private readonly IGbcsCrypto _crypto;
        private readonly byte[] _z = new byte[32];
        private readonly byte[] _key = new byte[GbcsKdf.KeyLength];
        private readonly byte[] _iv = new byte[12];
        private readonly byte[] _kdfScratch = new byte[GbcsKdf.ScratchLength];

        /// <summary>Creates a cipher over the given primitives.</summary>
        public GbcsPayloadCipher(IGbcsCrypto crypto)
        {
            _crypto = crypto;
        }

        /// <summary>KDF counter for the encrypted content of <paramref name="m"/>: the Supplementary Originator Counter if present, else the originator counter.</summary>
        public static ulong KeyCounter(GbcsMessage m)
        {
            return m.HasSupplementaryOriginatorCounter ? m.SupplementaryOriginatorCounter : m.OriginatorCounter;
        }

        /// <summary>KDF recipient (and key-agreement partner of the device): the Supplementary Remote Party ID if present, else the Business Target ID.</summary>
        public static ulong KeyRecipient(GbcsMessage m)
        {
            return m.HasSupplementaryRemotePartyId ? m.SupplementaryRemotePartyId : m.Target;
        }

        /// <summary>
        /// Decrypts <paramref name="c"/> of message <paramref name="m"/> into <paramref name="plaintext"/>
        /// (<see cref="EncryptedContent.CiphertextLength"/> bytes at <paramref name="plaintextOffset"/>).
        /// <paramref name="own"/> and <paramref name="peerPublic"/> are either the recipient's private key and the device's
        /// public key, or the other way round. Returns false, with the plaintext range zeroed, when the peer key is
        /// invalid or the tag does not verify.
        /// </summary>
        public bool Decrypt(GbcsMessage m, EncryptedContent c, IGbcsPrivateKey own, byte[] peerPublic, byte[] plaintext, int plaintextOffset)
        {
            return Decrypt(own, peerPublic, m.Originator, KeyCounter(m), KeyRecipient(m), c.Buffer, c.Offset, c.Length, plaintext, plaintextOffset);
        }

        /// <summary>
        /// Decrypts with keys from <paramref name="keys"/>: the KA private key of the recipient (see
        /// <see cref="KeyRecipient"/>) with the device's KA public key, or failing that the device's private key with the
        /// recipient's public key. <paramref name="prepayment"/> selects the recipient's prepayment KA key pair. Returns
        /// <see cref="CheckResult.Valid"/> when decrypted, <see cref="CheckResult.Invalid"/> when the tag (or a key) is
        /// wrong (plaintext range zeroed) and <see cref="CheckResult.NoKey"/> when neither key pair is held.
        /// </summary>
        public CheckResult Decrypt(GbcsMessage m, EncryptedContent c, IGbcsKeyStore keys, bool prepayment, byte[] plaintext, int plaintextOffset)
        {
            ulong device = m.Originator;
            ulong partner = KeyRecipient(m);
            IGbcsPrivateKey own = keys.GetPrivateKey(partner, KeyUsage.KeyAgreement, prepayment);
            byte[] peer = own != null ? keys.GetPublicKey(device, KeyUsage.KeyAgreement, false) : null;
            if (own == null || peer == null)
            {
                own = keys.GetPrivateKey(device, KeyUsage.KeyAgreement, false);
                peer = own != null ? keys.GetPublicKey(partner, KeyUsage.KeyAgreement, prepayment) : null;
            }
            if (own == null || peer == null) return CheckResult.NoKey;
            return Decrypt(m, c, own, peer, plaintext, plaintextOffset) ? CheckResult.Valid : CheckResult.Invalid;
        }

        /// <summary>
        /// Decrypts the protected bytes <c>31 | IC(4) | ciphertext | tag(12)</c> at <paramref name="offset"/> (length
        /// <paramref name="count"/>) with the key for the given KDF inputs. Fails with <see cref="GbcsFormatException"/>
        /// when the bytes are too short or not security control 0x31; returns false (plaintext range zeroed) when the
        /// peer key is invalid or the tag does not verify.
        /// </summary>
        public bool Decrypt(IGbcsPrivateKey own, byte[] peerPublic, ulong originator, ulong counter, ulong recipient,
            byte[] buffer, int offset, int count, byte[] plaintext, int plaintextOffset)
        {
            EncryptedContent c = EncryptedContent.FromProtected(buffer, offset, count);
            int length = c.CiphertextLength;
            if (plaintext == null || plaintextOffset < 0 || plaintextOffset > plaintext.Length - length)
                throw new GbcsFormatException(GbcsErrorCode.BufferTooSmall, offset, "plaintext buffer too small for encrypted content");
            bool ok = false;
            try
            {
                if (DeriveKey(own, peerPublic, originator, counter, recipient, c.InvocationCounter))
                    ok = _crypto.AesGcmDecrypt(_key, _iv, Aad, 0, 1, buffer, c.CiphertextOffset, length,
                        buffer, c.TagOffset, EncryptedContent.TagLength, plaintext, plaintextOffset);
            }
            finally
            {
                Clear(_key);
                // Whatever the primitive did on failure, release nothing unauthenticated.
                if (!ok) Clear(plaintext, plaintextOffset, length);
            }
            return ok;
        }

        /// <summary>
        /// Encrypts <paramref name="count"/> plaintext bytes into <paramref name="output"/> at <paramref name="outputOffset"/>
        /// as <c>31 | 00000000 | ciphertext | tag(12)</c> (<c>count + </c><see cref="EncryptedContent.Overhead"/> bytes).
        /// The caller frames them (DLMS octet-string, GBZ ciphered length). Returns false when the peer key is invalid.
        /// </summary>
        public bool Encrypt(IGbcsPrivateKey own, byte[] peerPublic, ulong originator, ulong counter, ulong recipient,
            byte[] plaintext, int plaintextOffset, int count, byte[] output, int outputOffset)
        {
            return Encrypt(own, peerPublic, originator, counter, recipient, 0, plaintext, plaintextOffset, count, output, outputOffset);
        }

        /// <summary>
        /// As <see cref="Encrypt(IGbcsPrivateKey, byte[], ulong, ulong, ulong, byte[], int, int, byte[], int)"/> with
        /// invocation counter <paramref name="invocationCounter"/> in the security header and the IV: a message that
        /// carries several encrypted pieces under one key gives each its own counter, so no IV repeats under the key.
        /// </summary>
        public bool Encrypt(IGbcsPrivateKey own, byte[] peerPublic, ulong originator, ulong counter, ulong recipient, uint invocationCounter,
            byte[] plaintext, int plaintextOffset, int count, byte[] output, int outputOffset)
        {
            if (plaintext == null || count < 0 || plaintextOffset < 0 || plaintextOffset > plaintext.Length - count)
                throw new GbcsFormatException(GbcsErrorCode.Truncated, plaintextOffset, "plaintext range outside the buffer");
            if (output == null || outputOffset < 0 || outputOffset > output.Length - count - EncryptedContent.Overhead)
                throw new GbcsFormatException(GbcsErrorCode.BufferTooSmall, outputOffset, "output buffer too small for encrypted content");
            try
            {
                if (!DeriveKey(own, peerPublic, originator, counter, recipient, invocationCounter)) return false;
                output[outputOffset] = EncryptedContent.SecurityControl;
                BigEndian.WriteUInt32(output, outputOffset + 1, invocationCounter);
                int ct = outputOffset + EncryptedContent.SecurityHeaderLength;
                _crypto.AesGcmEncrypt(_key, _iv, Aad, 0, 1, plaintext, plaintextOffset, count,
                    output, ct, output, ct + count, EncryptedContent.TagLength);
                return true;
            }
            finally
            {
                Clear(_key);
            }
        }

        /// <summary>Encrypts for message <paramref name="m"/> (KDF inputs from its header, as <see cref="Decrypt(GbcsMessage, EncryptedContent, IGbcsPrivateKey, byte[], byte[], int)"/>).</summary>
        public bool Encrypt(GbcsMessage m, IGbcsPrivateKey own, byte[] peerPublic, byte[] plaintext, int plaintextOffset, int count, byte[] output, int outputOffset)
        {
            return Encrypt(own, peerPublic, m.Originator, KeyCounter(m), KeyRecipient(m), plaintext, plaintextOffset, count, output, outputOffset);
        }

        // Leaves the AES key in _key (callers clear it in a finally) and the IV in _iv; Z and the KDF scratch are cleared here.
        private bool DeriveKey(IGbcsPrivateKey own, byte[] peerPublic, ulong originator, ulong counter, ulong recipient, uint invocationCounter)
        {
            if (own == null || peerPublic == null) return false;
            bool ok = _crypto.EcdhSharedSecret(own, peerPublic, _z, 0);
            if (ok) GbcsKdf.DeriveKey(_crypto, _z, 0, originator, GbcsKdf.PayloadEncryption, counter, recipient, _key, 0, _kdfScratch);
            Clear(_z);
            GbcsKdf.WriteIv(_iv, originator, invocationCounter);
            return ok;
        }

        private static void Clear(byte[] b)
        {
            Clear(b, 0, b.Length);
        }

        private static void Clear(byte[] b, int offset, int count)
        {
            for (int i = 0; i < count; i++) b[offset + i] = 0;
        }
    }
}

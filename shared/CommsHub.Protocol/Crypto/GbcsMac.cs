using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// Computes, checks and applies the GBCS MAC: AES-128-GCM with an empty plaintext (GMAC), IV = originator || 0,
    /// AAD = <c>11 00 00 00 00 00</c> || the general-signing APDU from DF through the signature field, MAC = the leftmost
    /// 12 tag bytes (GBCS.md §3.1). Keys come from ECDH + <see cref="GbcsKdf"/>. One instance reuses its buffers, so it
    /// allocates nothing per message; it is not thread-safe (use one per thread).
    /// </summary>
    public sealed class GbcsMac
    {
        private static readonly byte[] Empty = new byte[0];
        private readonly IGbcsCrypto _crypto;
        private readonly byte[] _z = new byte[32];
        private readonly byte[] _key = new byte[GbcsKdf.KeyLength];
        private readonly byte[] _iv = new byte[12];
        private readonly byte[] _tag = new byte[GbcsLayout.MacLength];
        private readonly byte[] _kdfScratch = new byte[GbcsKdf.ScratchLength];
        private byte[] _aad = new byte[512];

        /// <summary>Creates a MAC engine over the given primitives.</summary>
        public GbcsMac(IGbcsCrypto crypto)
        {
            _crypto = crypto;
        }

        /// <summary>
        /// Derives the MAC key for <paramref name="m"/> from our private key and the peer's public key into an internal
        /// buffer. Returns false when the peer key is invalid.
        /// </summary>
        private bool DeriveKey(GbcsMessage m, IGbcsPrivateKey own, byte[] peerPublic)
        {
            if (!_crypto.EcdhSharedSecret(own, peerPublic, _z, 0)) return false;
            GbcsKdf.DeriveKey(_crypto, _z, 0, m.Originator, (int)m.Cra, m.OriginatorCounter, m.Target, _key, 0, _kdfScratch);
            for (int i = 0; i < _z.Length; i++) _z[i] = 0;
            return true;
        }

        /// <summary>Computes the 12-byte MAC of a MAC-form message into <paramref name="mac"/>.</summary>
        public bool Compute(GbcsMessage m, IGbcsPrivateKey own, byte[] peerPublic, byte[] mac, int macOffset)
        {
            if (m.Form != GbcsForm.Mac) return false;
            if (!DeriveKey(m, own, peerPublic)) return false;
            int aadLength = 6 + m.SigningLength;
            if (_aad.Length < aadLength) _aad = new byte[aadLength + 256];
            _aad[0] = GbcsLayout.SecurityControlAuthOnly;
            _aad[1] = 0; _aad[2] = 0; _aad[3] = 0; _aad[4] = 0; _aad[5] = 0;
            System.Array.Copy(m.Buffer, m.SigningOffset, _aad, 6, m.SigningLength);
            GbcsKdf.WriteIv(_iv, m.Originator);
            _crypto.AesGcmEncrypt(_key, _iv, _aad, 0, aadLength, Empty, 0, 0, Empty, 0, mac, macOffset, GbcsLayout.MacLength);
            for (int i = 0; i < _key.Length; i++) _key[i] = 0;
            return true;
        }

        /// <summary>Checks the MAC of a MAC-form message in constant time.</summary>
        public CheckResult Verify(GbcsMessage m, IGbcsPrivateKey own, byte[] peerPublic)
        {
            if (m.Form != GbcsForm.Mac) return CheckResult.Absent;
            if (own == null || peerPublic == null) return CheckResult.NoKey;
            if (!Compute(m, own, peerPublic, _tag, 0)) return CheckResult.Invalid;
            return ConstantTime.Equals(_tag, 0, m.Buffer, m.MacOffset, GbcsLayout.MacLength) ? CheckResult.Valid : CheckResult.Invalid;
        }

        /// <summary>Writes the MAC into the message's MAC field (the frame must be built with a MAC header).</summary>
        public bool Apply(GbcsMessage m, IGbcsPrivateKey own, byte[] peerPublic)
        {
            return Compute(m, own, peerPublic, m.Buffer, m.MacOffset);
        }
    }
}

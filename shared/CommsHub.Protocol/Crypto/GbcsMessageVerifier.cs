using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// Checks the signature and MAC of parsed GBCS messages against the keys a key store holds. It reports what it
    /// could and could not check (<see cref="CheckResult"/>) rather than throwing, so a capture can be inspected
    /// whole. It does not judge counters or roles: the hub engine and the adapter do. Not thread-safe.
    /// </summary>
    public sealed class GbcsMessageVerifier
    {
        private readonly IGbcsCrypto _crypto;
        private readonly IGbcsKeyStore _keys;
        private readonly GbcsMac _mac;

        /// <summary>Creates a verifier.</summary>
        /// <param name="accessControlBroker">EUI of the ACB whose KA key MACs commands; 0 when unknown (command MACs are then NoKey).</param>
        public GbcsMessageVerifier(IGbcsCrypto crypto, IGbcsKeyStore keys, ulong accessControlBroker)
        {
            _crypto = crypto;
            _keys = keys;
            _mac = new GbcsMac(crypto);
            AccessControlBroker = accessControlBroker;
        }

        /// <summary>EUI of the Access Control Broker, or 0.</summary>
        public ulong AccessControlBroker { get; set; }

        /// <summary>
        /// Verifies the ECDSA signature with the Business Originator's DS key over the grouping header (without DF)
        /// and content.
        /// </summary>
        public CheckResult CheckSignature(GbcsMessage m)
        {
            if (m.Signature == SignatureKind.Absent) return CheckResult.Absent;
            if (m.Signature == SignatureKind.Null) return CheckResult.Null;
            byte[] pub = _keys.GetPublicKey(m.Originator, KeyUsage.DigitalSignature, false);
            if (pub == null) return CheckResult.NoKey;
            return _crypto.EcdsaVerify(pub, m.Buffer, m.SignedDataOffset, m.SignedDataLength, m.Buffer, m.SignatureOffset)
                ? CheckResult.Valid : CheckResult.Invalid;
        }

        /// <summary>
        /// Verifies the MAC. Either side's private key will do: a device holds its own and the partner's public key, an
        /// ACB or a test rig the other way round.
        /// </summary>
        public CheckResult CheckMac(GbcsMessage m)
        {
            if (m.Form != GbcsForm.Mac) return CheckResult.Absent;
            ulong partner = GbcsKeyPairs.MacPartner(m, AccessControlBroker);
            if (partner == 0) return CheckResult.NoKey;
            IGbcsPrivateKey own = _keys.GetPrivateKey(m.Target, KeyUsage.KeyAgreement, false);
            byte[] peer = own != null ? _keys.GetPublicKey(partner, KeyUsage.KeyAgreement, false) : null;
            if (own == null || peer == null)
            {
                own = _keys.GetPrivateKey(partner, KeyUsage.KeyAgreement, false);
                peer = own != null ? _keys.GetPublicKey(m.Target, KeyUsage.KeyAgreement, false) : null;
            }
            if (own == null || peer == null) return CheckResult.NoKey;
            return _mac.Verify(m, own, peer);
        }
    }
}

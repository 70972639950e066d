using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Core.Security
{
    /// <summary>
    /// Authenticates GBCS commands addressed to the CHF (GBCS.md §3.2): the MAC must verify with the CHF's KA private
    /// key and the ACB's KA public key from the trust anchors, whoever the Business Originator is; the originator must
    /// hold a trust anchor cell; a signature, mandatory on critical commands, must verify with the originator's DS key.
    /// Counter freshness is checked separately (<see cref="OriginatorCounterStore"/>). Reuses its buffers: no allocation
    /// per command. Not thread-safe.
    /// </summary>
    public sealed class CommandAuthenticator
    {
        private readonly IGbcsCrypto _crypto;
        private readonly GbcsMac _mac;
        private readonly IGbcsPrivateKey _ka;
        private readonly TrustAnchors _anchors;

        /// <summary>Creates an authenticator for the CHF holding <paramref name="keyAgreementKey"/>.</summary>
        public CommandAuthenticator(IGbcsCrypto crypto, IGbcsPrivateKey keyAgreementKey, TrustAnchors anchors)
        {
            _crypto = crypto;
            _mac = new GbcsMac(crypto);
            _ka = keyAgreementKey;
            _anchors = anchors;
        }

        /// <summary>
        /// Checks <paramref name="m"/> (already parsed, addressed to the CHF). Returns true when authentic; otherwise
        /// <paramref name="reason"/> says why. <paramref name="originator"/> receives the originator's anchor cell.
        /// </summary>
        public bool Authenticate(GbcsMessage m, out SecurityReason reason, out TrustAnchorCell originator)
        {
            originator = null;
            if (m.Cra != CraFlag.Command) { reason = SecurityReason.NotACommand; return false; }
            if (m.Form != GbcsForm.Mac) { reason = SecurityReason.MacMissing; return false; }
            TrustAnchorCell acb = _anchors.AccessControlBroker;
            if (acb == null || acb.KaPublicKey == null) { reason = SecurityReason.NoAccessControlBroker; return false; }
            originator = _anchors.FindByEui(m.Originator);
            // The response is MAC'd to the originator, so it needs the originator's KA key as well as a cell.
            if (originator == null || originator.KaPublicKey == null) { reason = SecurityReason.UnknownOriginator; return false; }
            if (_mac.Verify(m, _ka, acb.KaPublicKey) != CheckResult.Valid) { reason = SecurityReason.MacInvalid; return false; }
            if (m.Signature == SignatureKind.Ecdsa)
            {
                if (originator.DsPublicKey == null) { reason = SecurityReason.UnknownOriginator; return false; }
                if (!_crypto.EcdsaVerify(originator.DsPublicKey, m.Buffer, m.SignedDataOffset, m.SignedDataLength, m.Buffer, m.SignatureOffset))
                {
                    reason = SecurityReason.SignatureInvalid;
                    return false;
                }
            }
            else if (CriticalCommands.IsCritical(m.MessageCode))
            {
                reason = SecurityReason.SignatureMissing;
                return false;
            }
            reason = 0;
            return true;
        }
    }
}

using CommsHub.Firmware.SelfTest.Doubles;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>
    /// One frame of a CHF use case, built by the project itself (no RTDS data on the device): it must build, parse back to
    /// the same header, rebuild byte for byte, round-trip its payload through the typed model, and carry a MAC or
    /// signature that verifies and that a one-byte change breaks. Each check of <see cref="FrameCases"/> creates its case
    /// only while it runs, so no frame stays on the heap between checks.
    /// </summary>
    public sealed class FrameCase
    {
        private readonly GbcsFrameBuilder _builder;
        private readonly PayloadRecoder _recoder;
        private readonly IGbcsPrivateKey _macOwn;
        private readonly byte[] _macPeer;
        private readonly IGbcsPrivateKey _signer;

        /// <summary>Creates the case. MAC keys are null for unMAC'd forms; <paramref name="signer"/> null when not signed.</summary>
        public FrameCase(GbcsFrameBuilder builder, PayloadRecoder recoder,
            IGbcsPrivateKey macOwn, byte[] macPeer, IGbcsPrivateKey signer)
        {
            _builder = builder;
            _recoder = recoder;
            _macOwn = macOwn;
            _macPeer = macPeer;
            _signer = signer;
        }

        /// <summary>Runs the frame checks: null when they all pass, else why the first failed.</summary>
        public string Check()
        {
            DoubleCrypto crypto = new DoubleCrypto();
            byte[] frame = _builder.Build();
            GbcsMessage m = GbcsFrameParser.Parse(frame);
            if (_signer != null) GbcsSigner.Sign(crypto, _signer, m);
            GbcsMac mac = new GbcsMac(crypto);
            if (_macOwn != null && !mac.Apply(m, _macOwn, _macPeer)) return "MAC could not be applied";

            m = GbcsFrameParser.Parse(frame);
            if (m.Cra != _builder.Cra || m.MessageCode != _builder.MessageCode || m.Originator != _builder.Originator
                || m.Target != _builder.Target || m.OriginatorCounter != _builder.OriginatorCounter)
                return "header fields differ after parsing";
            byte[] rebuilt = GbcsFrameBuilder.FromMessage(m).Build();
            if (rebuilt.Length != frame.Length || !BigEndian.RangeEquals(rebuilt, 0, frame, 0, frame.Length))
                return "rebuilt frame differs";
            byte[] recoded = _recoder(frame, m.ContentOffset, m.ContentLength);
            if (recoded.Length != m.ContentLength || !BigEndian.RangeEquals(recoded, 0, frame, m.ContentOffset, m.ContentLength))
                return "payload does not round-trip through its model";

            if (_macOwn != null && mac.Verify(m, _macOwn, _macPeer) != CheckResult.Valid) return "MAC does not verify";
            if (_signer != null && !crypto.EcdsaVerify(_signer.PublicKey, frame, m.SignedDataOffset, m.SignedDataLength, frame, m.SignatureOffset))
                return "signature does not verify";

            // A one-byte change in the payload must be caught by whichever protection the frame carries.
            frame[m.ContentOffset + m.ContentLength - 1] ^= 0x01;
            bool macCaught = _macOwn != null && mac.Verify(m, _macOwn, _macPeer) == CheckResult.Invalid;
            bool sigCaught = _signer != null && !crypto.EcdsaVerify(_signer.PublicKey, frame, m.SignedDataOffset, m.SignedDataLength, frame, m.SignatureOffset);
            if ((_macOwn != null || _signer != null) && !macCaught && !sigCaught) return "tampered payload not detected";
            return null;
        }
    }
}

using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// Builds, protects and queues the frames the CHF originates: responses (MAC'd CHF KA x recipient KA, null
    /// signature, same counter and other-information as the command), non-critical alerts (MAC'd) and critical
    /// alerts (signed by the CHF DS key, no MAC). One builder and one <see cref="GbcsProtector"/> (its output buffer)
    /// are reused, so a frame costs no allocation beyond its payload. Not thread-safe.
    /// </summary>
    internal sealed class OutboundFrames
    {
        private readonly GbcsProtector _protector;
        private readonly IGbcsPrivateKey _ka;
        private readonly IGbcsPrivateKey _ds;
        private readonly IUplink _uplink;
        private readonly ulong _eui;
        private readonly GbcsFrameBuilder _builder = new GbcsFrameBuilder();

        internal OutboundFrames(ulong eui, IGbcsCrypto crypto, IGbcsPrivateKey ka, IGbcsPrivateKey ds, IUplink uplink)
        {
            _eui = eui;
            _protector = new GbcsProtector(crypto, 1024);
            _ka = ka;
            _ds = ds;
            _uplink = uplink;
        }

        /// <summary>Frames the uplink refused (outbox full or flash failure).</summary>
        internal long Refused { get; private set; }

        /// <summary>The last frame sent (valid until the next one is built).</summary>
        internal GbcsMessage Last { get { return _protector.Last; } }

        /// <summary>Answers <paramref name="command"/>: CRA 02, same counter and other-information, originator and target swapped.</summary>
        internal bool SendResponse(GbcsMessage command, byte[] recipientKa, byte[] payload)
        {
            return SendResponse(command, recipientKa, payload, 0, payload.Length);
        }

        /// <summary>
        /// As <see cref="SendResponse(GbcsMessage, byte[], byte[])"/> with the payload in a region of a reused buffer:
        /// the frame is built from it directly, so no payload array is allocated.
        /// </summary>
        internal bool SendResponse(GbcsMessage command, byte[] recipientKa, byte[] payload, int offset, int count)
        {
            Reset(CraFlag.Response, command.OriginatorCounter, command.Originator, command.MessageCode, payload, offset, count);
            MirrorOtherInformation(command);
            return MacAndSend(recipientKa);
        }

        /// <summary>
        /// A non-critical alert to <paramref name="recipient"/>, MAC'd with its KA key. When <paramref name="cause"/> is
        /// given, its supplementary remote party fields are carried over (as RTDS ECS100 does for ACB-relayed commands).
        /// </summary>
        internal bool SendMacAlert(ulong counter, ulong recipient, byte[] recipientKa, int messageCode, byte[] payload, GbcsMessage cause)
        {
            return SendMacAlert(counter, recipient, recipientKa, messageCode, payload, 0, payload.Length, cause);
        }

        /// <summary>A non-critical alert whose payload is a region of a reused buffer (see <see cref="SendMacAlert(ulong, ulong, byte[], int, byte[], GbcsMessage)"/>).</summary>
        internal bool SendMacAlert(ulong counter, ulong recipient, byte[] recipientKa, int messageCode, byte[] payload, int offset, int count, GbcsMessage cause)
        {
            Reset(CraFlag.Alert, counter, recipient, messageCode, payload, offset, count);
            if (cause != null) MirrorOtherInformation(cause);
            return MacAndSend(recipientKa);
        }

        /// <summary>A critical alert: signed with the CHF DS key, no MAC header.</summary>
        internal bool SendSignedAlert(ulong counter, ulong recipient, int messageCode, byte[] payload, GbcsMessage cause)
        {
            Reset(CraFlag.Alert, counter, recipient, messageCode, payload, 0, payload.Length);
            if (cause != null) MirrorOtherInformation(cause);
            _protector.BuildSigned(_builder, _ds);
            return Queue();
        }

        private void Reset(CraFlag cra, ulong counter, ulong target, int messageCode, byte[] payload, int offset, int count)
        {
            GbcsFrameBuilder b = _builder;
            b.WithMacHeader = true;
            b.Cra = cra;
            b.OriginatorCounter = counter;
            b.Originator = _eui;
            b.Target = target;
            b.DateTime = null;
            b.MessageCode = messageCode;
            b.HasSupplementaryRemotePartyId = false;
            b.HasSupplementaryRemotePartyCounter = false;
            b.HasSupplementaryOriginatorCounter = false;
            b.SupplementaryRemotePartyCertificate = null;
            b.Content = payload;
            b.ContentOffset = offset;
            b.ContentLength = count;
            b.Signature = SignatureKind.Null;
            b.SignatureBytes = null;
            b.Mac = null;
            b.CipheredLengthWidth = 0;
            b.OtherInfoLengthWidth = 0;
            b.ContentLengthWidth = 0;
        }

        private void MirrorOtherInformation(GbcsMessage m)
        {
            // The SRP KA certificate of an Unknown Remote Party read is not echoed: the response only needs to say
            // on whose behalf it answers.
            _builder.CopySupplementaryFields(m);
        }

        private bool MacAndSend(byte[] recipientKa)
        {
            if (!_protector.BuildMac(_builder, _ka, recipientKa)) return false;
            return Queue();
        }

        private bool Queue()
        {
            if (_uplink.Send(_protector.Buffer, 0, _protector.Length)) return true;
            Refused++;
            return false;
        }
    }
}

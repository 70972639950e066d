using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// Builds and protects the frames a meter originates, as GBCS.md §1.3/§3 and RTDS show them: a response has CRA 02,
/// the command's originator counter, originator and target swapped, the same other-information (supplementary
/// remote party fields), a null signature and a MAC of device KA x recipient KA; a response to a critical command is
/// signed by the device instead (no MAC header). Alerts carry the device's own counter.
/// </summary>
public sealed class MeterFrames
{
    private readonly IGbcsCrypto _crypto;
    private readonly ulong _eui;
    private readonly MeterKeys _keys;

    /// <summary>Frames originated by device <paramref name="eui"/>.</summary>
    public MeterFrames(IGbcsCrypto crypto, ulong eui, MeterKeys keys)
    {
        _crypto = crypto;
        _eui = eui;
        _keys = keys;
    }

    /// <summary>
    /// The response to <paramref name="command"/> carrying <paramref name="payload"/>; null when the recipient's KA
    /// public key is not held (nothing could verify the answer). <paramref name="dateTime"/> is the optional 12-byte
    /// header date-time (null: none, as most RTDS responses).
    /// </summary>
    public byte[]? Response(GbcsMessage command, byte[] payload, byte[]? dateTime = null)
    {
        bool critical = command.Signature == SignatureKind.Ecdsa;
        var b = Builder(CraFlag.Response, command.OriginatorCounter, command.Originator, command.MessageCode, payload, command);
        b.DateTime = dateTime;
        return critical ? Sign(b) : Mac(b, command.Originator);
    }

    /// <summary>A non-critical alert to <paramref name="recipient"/>, MAC'd device KA x recipient KA (null when that key is not held).</summary>
    public byte[]? MacAlert(ulong counter, ulong recipient, int messageCode, byte[] payload) =>
        Mac(Builder(CraFlag.Alert, counter, recipient, messageCode, payload, null), recipient);

    /// <summary>A critical alert signed by the device's DS key (no MAC header); <paramref name="cause"/>'s SRP fields are mirrored.</summary>
    public byte[] SignedAlert(ulong counter, ulong recipient, int messageCode, byte[] payload, GbcsMessage? cause) =>
        Sign(Builder(CraFlag.Alert, counter, recipient, messageCode, payload, cause));

    private GbcsFrameBuilder Builder(CraFlag cra, ulong counter, ulong target, int messageCode, byte[] payload, GbcsMessage? mirror)
    {
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = true,
            Cra = cra,
            OriginatorCounter = counter,
            Originator = _eui,
            Target = target,
            MessageCode = messageCode,
            Signature = SignatureKind.Null,
        };
        if (mirror is not null) b.CopySupplementaryFields(mirror);
        b.SetContent(payload);
        return b;
    }

    private byte[]? Mac(GbcsFrameBuilder b, ulong recipient)
    {
        var peer = _keys.RemoteParties.GetPublicKey(recipient, KeyUsage.KeyAgreement, false);
        if (peer is null) return null;
        // A protector per frame: it keeps MeterFrames free of shared mutable state, and the caller keeps the frame.
        var protector = new GbcsProtector(_crypto);
        return protector.BuildMac(b, _keys.KeyAgreement, peer) ? protector.ToArray() : null;
    }

    private byte[] Sign(GbcsFrameBuilder b)
    {
        var protector = new GbcsProtector(_crypto);
        protector.BuildSigned(b, _keys.DigitalSignature);
        return protector.ToArray();
    }
}

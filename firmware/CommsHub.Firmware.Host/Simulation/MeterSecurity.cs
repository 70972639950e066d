using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>Why a virtual meter dropped a command (a real device records these in its security log).</summary>
public enum MeterRejection
{
    /// <summary>Accepted.</summary>
    None = 0,
    /// <summary>Not a GBCS command frame for this device.</summary>
    NotForMe,
    /// <summary>No MAC header, or the ACB's KA public key is not held.</summary>
    NoMac,
    /// <summary>The MAC does not verify (device KA x ACB KA).</summary>
    BadMac,
    /// <summary>A critical command whose signature is missing, unverifiable or wrong.</summary>
    BadSignature,
    /// <summary>The originator counter is not above the last one accepted from that party.</summary>
    Replay,
}

/// <summary>
/// The checks a meter makes before acting on a command (GBCS.md §3): the MAC is between the device's KA key and the
/// ACB's (whoever the Business Originator is), a signature, when present, is the originator's DS signature, and the
/// originator counter must rise per party. Counters are kept in RAM: a simulated meter restarts fresh, and the
/// adapter never reuses a counter anyway. Not thread-safe (the hub loop owns the meter).
/// </summary>
public sealed class MeterSecurity
{
    private readonly IGbcsCrypto _crypto;
    private readonly MeterKeys _keys;
    private readonly GbcsMac _mac;
    private readonly Dictionary<ulong, ulong> _lastCounter = new();

    /// <summary>Checks for a device holding <paramref name="keys"/>.</summary>
    public MeterSecurity(IGbcsCrypto crypto, MeterKeys keys)
    {
        _crypto = crypto;
        _keys = keys;
        _mac = new GbcsMac(crypto);
    }

    /// <summary>Authenticates <paramref name="m"/> (a command to <paramref name="self"/>); the counter is not yet spent.</summary>
    public MeterRejection Check(GbcsMessage m, ulong self)
    {
        if (m.Cra != CraFlag.Command || m.Target != self) return MeterRejection.NotForMe;
        var acbKa = _keys.RemoteParties.GetPublicKey(_keys.AccessControlBroker, KeyUsage.KeyAgreement, false);
        if (m.Form != GbcsForm.Mac || acbKa is null) return MeterRejection.NoMac;
        if (_mac.Verify(m, _keys.KeyAgreement, acbKa) != CheckResult.Valid) return MeterRejection.BadMac;
        // A critical command executes only under its originator's signature (GBCS.md §3.3), unless the originator is
        // the ACB itself, whose MAC is its own authority (RTDS CS02bACBByACB travels unsigned).
        if (m.Signature != SignatureKind.Ecdsa && m.Originator != _keys.AccessControlBroker && Core.Security.CriticalCommands.IsCritical(m.MessageCode))
            return MeterRejection.BadSignature;
        if (m.Signature == SignatureKind.Ecdsa)
        {
            var ds = _keys.RemoteParties.GetPublicKey(m.Originator, KeyUsage.DigitalSignature, false);
            if (ds is null || !_crypto.EcdsaVerify(ds, m.Buffer, m.SignedDataOffset, m.SignedDataLength, m.Buffer, m.SignatureOffset))
                return MeterRejection.BadSignature;
        }
        if (_lastCounter.TryGetValue(m.Originator, out var last) && m.OriginatorCounter <= last) return MeterRejection.Replay;
        return MeterRejection.None;
    }

    /// <summary>Spends the counter of an accepted command.</summary>
    public void Accept(GbcsMessage m) => _lastCounter[m.Originator] = m.OriginatorCounter;
}

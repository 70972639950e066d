using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Host.Tests.Census;

/// <summary>Checks the protection of a device's answer: its signature under the device's DS key, its MAC device KA x the recipient's (RTDS) KA.</summary>
public static class ResponseProtection
{
    /// <summary>True when <paramref name="m"/>'s signature (if any) and MAC (if any) verify, and it carries at least one of them.</summary>
    public static bool Verifies(GbcsMessage m, byte[] deviceDsPublic, byte[] deviceKaPublic)
    {
        var crypto = new NetGbcsCrypto();
        if (m.Signature == SignatureKind.Ecdsa
            && !crypto.EcdsaVerify(deviceDsPublic, m.Buffer, m.SignedDataOffset, m.SignedDataLength, m.Buffer, m.SignatureOffset))
            return false;
        if (m.Form != GbcsForm.Mac) return m.Signature == SignatureKind.Ecdsa;
        var own = Rtds.Keys.GetPrivateKey(m.Target, KeyUsage.KeyAgreement, false);
        return own is not null && new GbcsMac(crypto).Verify(m, own, deviceKaPublic) == CheckResult.Valid;
    }
}

using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Framing;

/// <summary>
/// The one build, re-parse, MAC or sign step (<see cref="GbcsProtector"/>) that the hub, the virtual meters and the
/// adapter share: one instance, reused over frames of every size, reproduces RTDS's MACs and makes signatures that verify.
/// </summary>
public class GbcsProtectorTests
{
    private const ulong Acb = 0x90B3D51F30000002;
    private const ulong Supplier = 0x90B3D51F30010000;

    [SharedDataFact]
    public void One_reused_protector_reproduces_every_RTDS_command_MAC_byte_for_byte()
    {
        var keys = new DirectoryKeyStore(RtdsCorpus.KeystorePath);
        var acbKey = keys.GetPrivateKey(Acb, KeyUsage.KeyAgreement, false)!;
        // Starts small, so the larger commands make it grow, and smaller ones after them reuse the grown buffer.
        var protector = new GbcsProtector(new NetGbcsCrypto(), 64);
        int n = 0;
        foreach (var e in RtdsCorpus.Entries.Where(x => x.Cra == "command" && x.Mac == "VALID"))
        {
            var original = RtdsCorpus.Bytes(e);
            var b = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(original));
            b.Mac = null;
            Assert.True(protector.BuildMac(b, acbKey, keys.GetPublicKey(b.Target, KeyUsage.KeyAgreement, false)!), e.File);
            Assert.Equal(original.Length, protector.Length);
            Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(protector.ToArray()));
            Assert.Equal(b.Target, protector.Last.Target);
            n++;
        }
        Assert.True(n > 400, $"{n} commands");
    }

    /// <summary>
    /// RTDS's non-critical commands the ACB both signs and MACs (the joins to a PPMID): rebuilt with the ACB's DS and KA
    /// keys, every byte before the signature is RTDS's, the signature verifies and the MAC over it verifies.
    /// </summary>
    [SharedDataFact]
    public void Signed_and_MACd_frames_keep_the_MAC_header_and_both_verify()
    {
        var crypto = new NetGbcsCrypto();
        var keys = new DirectoryKeyStore(RtdsCorpus.KeystorePath);
        var ds = keys.GetPrivateKey(Acb, KeyUsage.DigitalSignature, false)!;
        var ka = keys.GetPrivateKey(Acb, KeyUsage.KeyAgreement, false)!;
        var verifier = new GbcsMessageVerifier(crypto, keys, Acb);
        var protector = new GbcsProtector(crypto);
        int n = 0;
        foreach (var e in RtdsCorpus.Entries.Where(x => x.Kind == "COMMAND" && x.Originator == "90B3D51F30000002" && x.Signature == "VALID" && x.Mac == "VALID"))
        {
            var original = RtdsCorpus.Bytes(e);
            var m = GbcsFrameParser.Parse(original);
            var b = GbcsFrameBuilder.FromMessage(m);
            b.Mac = null;
            b.SignatureBytes = null;
            Assert.True(protector.BuildSignedMac(b, ds, ka, keys.GetPublicKey(b.Target, KeyUsage.KeyAgreement, false)!), e.File);
            var built = GbcsFrameParser.Parse(protector.ToArray());
            Assert.Equal(Convert.ToHexString(original, 0, m.SignatureOffset), Convert.ToHexString(built.Buffer, 0, built.SignatureOffset));
            Assert.Equal(CheckResult.Valid, verifier.CheckSignature(built));
            Assert.Equal(CheckResult.Valid, verifier.CheckMac(built));
            n++;
        }
        Assert.True(n >= 3, $"{n} commands");
    }

    [SharedDataFact]
    public void Signed_frames_have_no_MAC_header_and_verify_with_the_signers_DS_key()
    {
        var crypto = new NetGbcsCrypto();
        var keys = new DirectoryKeyStore(RtdsCorpus.KeystorePath);
        var ds = keys.GetPrivateKey(Supplier, KeyUsage.DigitalSignature, false)!;
        var verifier = new GbcsMessageVerifier(crypto, keys, Acb);
        var protector = new GbcsProtector(crypto);
        int n = 0;
        foreach (var e in RtdsCorpus.Entries.Where(x => x.Kind == "PRECOMMAND" && x.Originator == "90B3D51F30010000").Take(20))
        {
            var pre = GbcsFrameParser.Parse(RtdsCorpus.Bytes(e));
            protector.BuildSigned(GbcsFrameBuilder.FromMessage(pre), ds);
            var signed = GbcsFrameParser.Parse(protector.ToArray());
            Assert.Equal(GbcsForm.Signed, signed.Form);
            Assert.Equal(CheckResult.Valid, verifier.CheckSignature(signed));
            Assert.True(pre.Buffer.AsSpan(pre.SignedDataOffset, pre.SignedDataLength)
                .SequenceEqual(signed.Buffer.AsSpan(signed.SignedDataOffset, signed.SignedDataLength)), e.File);
            n++;
        }
        Assert.Equal(20, n);
    }

    [Fact]
    public void A_peer_key_that_is_not_a_point_is_refused()
    {
        var crypto = new NetGbcsCrypto();
        using var own = NetPrivateKey.Generate();
        var b = new GbcsFrameBuilder { WithMacHeader = true, Cra = CraFlag.Response, Originator = 1, Target = 2, MessageCode = 1 };
        b.SetContent([0x01]);
        var notAPoint = new byte[64];
        Assert.False(new GbcsProtector(crypto).BuildMac(b, own, notAPoint));
    }
}

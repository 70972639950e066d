using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// The pairs the ACB originates without a Supplementary Remote Party (CS02a/f, GCS59), the non-critical (un)joins to a
/// PPMID the ACB signs and MACs (CS03A2/CS03C/CS04AC NonCritical) and the Method C joins (CS03C) against RTDS 4.5.0.
/// </summary>
public sealed class AcbOriginConformanceTests
{
    private const ulong JoinedPpmid = 0x00DB123456789098UL;
    private const ulong JoinedGsme = 0x00DB123456789094UL;

    private static (byte[] Rtds, TransformResult Result) Run(string name, TransformContext? context = null)
    {
        var pair = ConformanceCensus.Pairs().Single(p => p.Name == name);
        var expected = RtdsCorpus.Bytes(pair.RtdsFile);
        var request = TransformData.Load(pair.Template);
        var useCase = name.Split('_')[0];
        var ctx = context ?? TransformData.Context(request, TransformData.Parse(expected).OriginatorCounter, useCase, name);
        return (expected, TransformData.Transformer().Transform(request, ctx));
    }

    public static IEnumerable<object[]> IdenticalRows => SharedData.Available
        ? [["CS02aMAC_6.24.1_SUCCESS"], ["CS02fMAC_6.24.1_SUCCESS"], ["GCS59_8.12.2_SUCCESS"]]
        : [["(reference data absent)"]];

    /// <summary>The ACB in its own right: RTDS's command byte for byte, with a 2-byte other-information and no SRP.</summary>
    [SharedDataTheory]
    [MemberData(nameof(IdenticalRows))]
    public void ACB_originated_pair_without_a_remote_party_is_byte_identical(string name)
    {
        var (rtds, result) = Run(name);
        Assert.Equal(Convert.ToHexString(rtds), result.Hex);
        Assert.Equal(CommandOrigin.AccessControlBrokerOnly, result.Origin);
        var m = TransformData.Parse(result.Command);
        Assert.Equal(RtdsTestIdentities.AccessControlBroker, m.Originator);
        Assert.False(m.HasSupplementaryRemotePartyId);
        Assert.False(m.HasSupplementaryRemotePartyCounter);
    }

    public static IEnumerable<object[]> AcbSignedRows => SharedData.Available
        ? [["CS03A2NonCritical_8.7.2_SUCCESS"], ["CS04ACNonCritical_8.8.2_SUCCESS"]]
        : [["(reference data absent)"]];

    /// <summary>
    /// The ACB's non-critical (un)join: identical up to the signature; ours verifies with the ACB's DS key and the MAC
    /// over it with the PPMID's KA key; with RTDS's signature in its place (ECDSA is randomised) and the MAC applied again,
    /// the command is RTDS's byte for byte.
    /// </summary>
    [SharedDataTheory]
    [MemberData(nameof(AcbSignedRows))]
    public void ACB_signed_non_critical_join_is_RTDS_up_to_the_randomised_signature(string name)
    {
        var (rtds, result) = Run(name);
        var ours = TransformData.Parse(result.Command);
        var theirs = TransformData.Parse(rtds);
        Assert.Equal(CommandOrigin.AccessControlBroker, result.Origin);
        Assert.Equal(SignatureKind.Ecdsa, ours.Signature);
        Assert.Equal(rtds.Length, result.Command.Length);
        Assert.Equal(theirs.SignatureOffset, ours.SignatureOffset);
        Assert.Equal(Convert.ToHexString(rtds, 0, theirs.SignatureOffset), Convert.ToHexString(result.Command, 0, ours.SignatureOffset));
        Assert.Equal(RtdsTestIdentities.AccessControlBroker, ours.Originator);
        var verifier = Verifier();
        Assert.Equal(CheckResult.Valid, verifier.CheckSignature(ours));
        Assert.Equal(CheckResult.Valid, verifier.CheckMac(ours));

        Assert.Equal(Convert.ToHexString(rtds), Convert.ToHexString(WithSignatureOf(result.Command, rtds)));
        // The census names the reason rather than a bare byte.
        Assert.StartsWith("identical up to the ECDSA signature of 90B3D51F30000002",
            Assert.Single(ConformanceCensus.Outcomes, o => o.Name == name).Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// RTDS's CS03C Critical carries a certificate of the PPMID ..98 that is not RTDS's keystore certificate of it (same
    /// public key, another serial and issuer): the transform carries the keystore's, and the pre-command differs at byte
    /// 63 (the TBSCertificate length). With the certificate RTDS carries held for the PPMID instead, the pre-command is
    /// RTDS's byte for byte, so nothing else differs.
    /// </summary>
    [SharedDataFact]
    public void CS03C_critical_differs_only_in_the_certificate_RTDS_holds_for_the_PPMID()
    {
        const string name = "CS03CCritical_8.7.1_SUCCESS";
        var (rtds, result) = Run(name);
        Assert.Equal(63, result.Command.AsSpan().CommonPrefixLength(rtds));
        Assert.Equal("CS03C", result.UseCase);
        Assert.True(result.IsPreCommand);
        var carried = CarriedCertificate(rtds);
        var keystore = new KeystoreDeviceCertificates(RtdsCorpus.KeystorePath).CertificateOf(JoinedPpmid, KeyUsage.KeyAgreement)!;
        using (var a = X509CertificateLoader.LoadCertificate(carried))
        using (var b = X509CertificateLoader.LoadCertificate(keystore))
        {
            Assert.Equal("5D3E7B682548C599339AF6C094C07A9C", a.SerialNumber);
            Assert.Equal("4EBC40F8FB6E096BE6BA667F7F95C940", b.SerialNumber);
            Assert.Equal(a.PublicKey.EncodedKeyValue.RawData, b.PublicKey.EncodedKeyValue.RawData);
        }
        Assert.Equal(63, result.Command.AsSpan().CommonPrefixLength(rtds));

        var request = TransformData.Load(ConformanceCensus.Pairs().Single(p => p.Name == name).Template);
        var context = TransformData.Context(request, TransformData.Parse(rtds).OriginatorCounter, "CS03CCritical", name)
            with { Certificates = new FixedCertificates(JoinedPpmid, carried) };
        var (_, withRtdsCertificate) = Run(name, context);
        Assert.Equal(Convert.ToHexString(rtds), withRtdsCertificate.Hex);
    }

    /// <summary>
    /// RTDS's CS03C NonCritical joins the GSME ..94 but carries the certificate of the GSME ..A1 (its subjectAltName
    /// names A1): the transform carries 94's, and the command differs at byte 102 (the certificate's serial).
    /// </summary>
    [SharedDataFact]
    public void CS03C_non_critical_RTDS_carries_another_GSME_s_certificate()
    {
        var (rtds, result) = Run("CS03CNonCritical_8.7.2_SUCCESS");
        Assert.Equal(102, result.Command.AsSpan().CommonPrefixLength(rtds));
        var carried = CarriedCertificate(rtds);
        var rtdsGsme = new KeystoreDeviceCertificates(RtdsCorpus.KeystorePath).CertificateOf(RtdsTestIdentities.Gsme, KeyUsage.KeyAgreement);
        Assert.Equal(Convert.ToHexString(rtdsGsme!), Convert.ToHexString(carried));
        var ours = TransformData.Parse(result.Command);
        Assert.Equal(CheckResult.Valid, Verifier().CheckSignature(ours));
        Assert.Equal(CheckResult.Valid, Verifier().CheckMac(ours));
        var joined = new KeystoreDeviceCertificates(RtdsCorpus.KeystorePath).CertificateOf(JoinedGsme, KeyUsage.KeyAgreement)!;
        Assert.True(result.Command.AsSpan().IndexOf(joined) > 0, "the command carries the joined GSME's certificate");
    }

    [SharedDataFact]
    public void A_Method_C_join_with_no_certificate_held_is_missing_context()
    {
        var pair = ConformanceCensus.Pairs().Single(p => p.Name == "CS03CCritical_8.7.1_SUCCESS");
        var request = TransformData.Load(pair.Template);
        var context = TransformData.Context(request, 1) with { Certificates = null };
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, context));
        Assert.Equal(TransformError.MissingContext, ex.Error);
        Assert.Contains("00-DB-12-34-56-78-90-98", ex.Message);
    }

    [SharedDataFact]
    public void Restoring_a_GPF_device_log_the_DCC_does_not_hold_is_missing_context()
    {
        var pair = ConformanceCensus.Pairs().Single(p => p.Name == "GCS59_8.12.2_SUCCESS");
        var request = TransformData.Load(pair.Template);
        var context = TransformData.Context(request, 1) with { Inventory = new StaticDeviceInventory().AddDevice(RtdsTestIdentities.Gpf, Protocol.Asn1.DeviceType.Gpf) };
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, context));
        Assert.Equal(TransformError.MissingContext, ex.Error);
        Assert.Contains("00-DB-12-34-56-78-90-B3", ex.Message);
    }

    [SharedDataFact]
    public void An_ACB_signed_join_without_the_ACB_DS_key_is_a_missing_key()
    {
        var pair = ConformanceCensus.Pairs().Single(p => p.Name == "CS04ACNonCritical_8.8.2_SUCCESS");
        var request = TransformData.Load(pair.Template);
        var keys = new WithoutAcbSigningKey(TransformData.Keys.Value);
        var transformer = new DuisTransformer(new NetGbcsCrypto(), keys, RtdsTestIdentities.AccessControlBroker);
        var ex = Assert.Throws<DuisTransformException>(() => transformer.Transform(request, TransformData.Context(request, 1)));
        Assert.Equal(TransformError.MissingKey, ex.Error);
        Assert.Contains("DS private key", ex.Message);
    }

    private static GbcsMessageVerifier Verifier() =>
        new(new NetGbcsCrypto(), TransformData.Keys.Value, RtdsTestIdentities.AccessControlBroker);

    /// <summary><paramref name="command"/> with <paramref name="rtds"/>'s signature, MAC'd again with the ACB's KA key.</summary>
    private static byte[] WithSignatureOf(byte[] command, byte[] rtds)
    {
        var copy = (byte[])command.Clone();
        var theirs = TransformData.Parse(rtds);
        Array.Copy(rtds, theirs.SignatureOffset, copy, theirs.SignatureOffset, 64);
        var m = TransformData.Parse(copy);
        var keys = TransformData.Keys.Value;
        var acb = keys.GetPrivateKey(RtdsTestIdentities.AccessControlBroker, KeyUsage.KeyAgreement, false)!;
        Assert.True(new GbcsMac(new NetGbcsCrypto()).Apply(m, acb, keys.GetPublicKey(m.Target, KeyUsage.KeyAgreement, false)!));
        return copy;
    }

    /// <summary>The X.509 certificate a CS03C command's payload carries (its last element).</summary>
    private static byte[] CarriedCertificate(byte[] command)
    {
        var m = TransformData.Parse(command);
        var content = command.AsSpan(m.ContentOffset, m.ContentLength);
        // SEQUENCE (82 LL LL) { INTEGER 3, OCTET STRING[8], INTEGER type, Certificate }: the certificate starts 4+3+10+3 in.
        return content[20..].ToArray();
    }

    private sealed class FixedCertificates(ulong device, byte[] certificate) : IDeviceCertificates
    {
        public byte[]? CertificateOf(ulong eui, KeyUsage usage) => eui == device && usage == KeyUsage.KeyAgreement ? certificate : null;
    }

    private sealed class WithoutAcbSigningKey(IGbcsKeyStore inner) : IGbcsKeyStore
    {
        public byte[]? GetPublicKey(ulong eui, KeyUsage usage, bool prepayment) => inner.GetPublicKey(eui, usage, prepayment);

        public IGbcsPrivateKey? GetPrivateKey(ulong eui, KeyUsage usage, bool prepayment) =>
            usage == KeyUsage.DigitalSignature && eui == RtdsTestIdentities.AccessControlBroker ? null : inner.GetPrivateKey(eui, usage, prepayment);
    }
}

using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// The credential replacements (6.15.1 CS02b/CS02g, 6.21, 6.23, 8.5) against RTDS. The templates carry other
/// certificates than RTDS (<see cref="Cs02bCredentialsPairs"/>): each pair is shown to differ where the first
/// certificate does, and to be RTDS byte for byte once RTDS's certificates are put into the template.
/// </summary>
public sealed class Cs02bCredentialsTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Rows =>
        SharedData.Available ? Cs02bCredentialsPairs.Pairs().Select(p => new object[] { p.Name }) : [["(reference data absent)"]];

    private static (string Template, byte[] Rtds) Pair(string name)
    {
        var p = Cs02bCredentialsPairs.Pairs().Single(x => x.Name == name);
        return (p.Template, RtdsCorpus.Bytes(p.Rtds));
    }

    private static TransformResult Transform(Dcc.Duis.DuisRequest request, string name, byte[] rtds) =>
        TransformData.Transformer().Transform(request, TransformData.Context(request, TransformData.Parse(rtds).OriginatorCounter, name.Split('_')[0], name));

    [SharedDataFact]
    public void Every_credential_pair_is_listed_with_its_difference()
    {
        var names = Cs02bCredentialsPairs.Pairs().Select(p => p.Name).ToList();
        Assert.Equal(13, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), Cs02bCredentialsPairs.Differences.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The template's own certificates: the command differs from RTDS at the byte listed (or, for a template whose
    /// certificates do not fit their cells, is refused), and it is a certificate that differs.
    /// </summary>
    [SharedDataTheory]
    [MemberData(nameof(Rows))]
    public void Template_certificates_are_not_RTDS_s_and_the_command_differs_at_the_listed_byte(string name)
    {
        var (template, rtds) = Pair(name);
        var (expectedByte, why) = Cs02bCredentialsPairs.Differences[name];
        if (Cs02bCredentialsPairs.Refused.TryGetValue(name, out var refusal))
        {
            var ex = Assert.Throws<DuisTransformException>(() => Transform(TransformData.Load(template), name, rtds));
            output.WriteLine($"{name}: refused: {ex.Message}; {why}");
            Assert.Equal(TransformError.InvalidBody, ex.Error);
            Assert.StartsWith(refusal, ex.Message, StringComparison.Ordinal);
            Assert.Equal(-1, expectedByte);
        }
        else
        {
            var got = Transform(TransformData.Load(template), name, rtds).Command;
            var at = got.AsSpan().CommonPrefixLength(rtds);
            output.WriteLine($"{name}: first difference at byte {at}: 0x{got[at]:X2}, RTDS 0x{rtds[at]:X2} ({got.Length} bytes, RTDS {rtds.Length}); {why}");
            Assert.Equal(expectedByte, at);
        }
        var ours = Cs02bCredentialsPairs.CertificateElements(TransformData.Load(template)).Select(e => Convert.FromBase64String(e.InnerText)).ToList();
        var theirs = Cs02bCredentialsPairs.RtdsCertificates(rtds);
        Assert.Equal(theirs.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            var same = ours[i].AsSpan().SequenceEqual(theirs[i]);
            output.WriteLine($"  certificate {i}: {(same ? "same bytes" : $"template {Cs02bCredentialsPairs.Describe(ours[i])}; RTDS {Cs02bCredentialsPairs.Describe(theirs[i])}")}");
            // Only the certification path certificate (the last, Z1) is the same; every replacement certificate differs.
            Assert.Equal(i == ours.Count - 1, same);
        }
    }

    /// <summary>
    /// With RTDS's certificates put into the template, the transform gives RTDS's message (CS02g aside: RTDS's
    /// certificates do not fit its cells, see the comment below): the pre-command (6.15.1) or
    /// the MAC'd command (8.5) byte for byte; for the DCC-signed 6.21 and 6.23 (ECDSA is randomised) RTDS's signature on
    /// our signed part verifies and completes, with the ACB MAC, to RTDS's command byte for byte.
    /// </summary>
    [SharedDataTheory]
    [MemberData(nameof(Rows))]
    public void With_RTDS_certificates_the_transform_gives_the_RTDS_message(string name)
    {
        var (template, rtds) = Pair(name);
        if (name.StartsWith("CS02g", StringComparison.Ordinal))
        {
            // RTDS's CS02g puts the supplier's certificates (OU=02, 90B3D51F30010000) into the load controller's cells:
            // the DCC refuses them. Everything but the certificates is still RTDS's: the template's transform, with its
            // load controller's certificates, has RTDS's control, cells, certification path and execution time.
            var refused = Assert.Throws<DuisTransformException>(() => Transform(Cs02bCredentialsPairs.WithRtdsCertificates(template, rtds), name, rtds));
            Assert.Equal(TransformError.InvalidBody, refused.Error);
            Assert.Contains("OU=02; the load controller's digital signature cell needs OU=08", refused.Message, StringComparison.Ordinal);
            var own = Transform(TransformData.Load(template), name, rtds).Command;
            Assert.Equal(Cs02bCredentialsPairs.WithoutReplacementCertificates(rtds), Cs02bCredentialsPairs.WithoutReplacementCertificates(own));
            return;
        }
        var result = Transform(Cs02bCredentialsPairs.WithRtdsCertificates(template, rtds), name, rtds);
        if (name == Cs02bCredentialsPairs.CoSCancellation)
        {
            // RTDS's cancellation leaves out the supplier's floor numbers the template gives (and its IMMEDIATE and
            // FUTURE_DATED commands carry): without otherRemotePartySeqNumberChanges [6] every element is RTDS's.
            var (control, rest) = Cs02bCredentialsPairs.Elements(result.Command);
            var (rtdsControl, rtdsRest) = Cs02bCredentialsPairs.Elements(rtds);
            var changes = Assert.Single(control, e => e.StartsWith("A6", StringComparison.Ordinal));
            output.WriteLine($"{name}: ours carries [6] {changes}, RTDS does not");
            Assert.Equal(rtdsControl, control.Where(e => e != changes));
            Assert.Equal(rtdsRest, rest);
            return;
        }
        var m = TransformData.Parse(result.Command);
        var command = m.Signature == SignatureKind.Ecdsa ? CompleteWithRtdsSignature(result.Command, rtds) : result.Command;
        Assert.Equal(Convert.ToHexString(rtds), Convert.ToHexString(command));
        Assert.Equal(name.Contains("_6.15.1_", StringComparison.Ordinal), result.IsPreCommand);
    }

    // Our signed part (DF .. end of content) signed with RTDS's signature, completed with the ACB MAC.
    private static byte[] CompleteWithRtdsSignature(byte[] ours, byte[] rtds)
    {
        var m = TransformData.Parse(ours);
        return TransformData.SignedWithRtdsSignature(ours.AsSpan(m.SigningOffset, m.ContentOffset + m.ContentLength - m.SigningOffset).ToArray(), rtds);
    }

    public static IEnumerable<object[]> DccSignedRows =>
        SharedData.Available
            ? Cs02bCredentialsPairs.Pairs().Where(p => p.Name.Contains("_6.21_") || p.Name.Contains("_6.23_")).Select(p => new object[] { p.Name })
            : [["(reference data absent)"]];

    /// <summary>6.21 and 6.23 go out signed by the DCC party that originates them (ACB, TransCoS) and MAC'd by the ACB.</summary>
    [SharedDataTheory]
    [MemberData(nameof(DccSignedRows))]
    public void DCC_originated_credential_commands_are_signed_by_the_originator_and_MACd(string name)
    {
        var (template, rtds) = Pair(name);
        var result = Transform(TransformData.Load(template), name, rtds);
        var m = TransformData.Parse(result.Command);
        var r = TransformData.Parse(rtds);
        Assert.False(result.IsPreCommand);
        Assert.Equal(r.Originator, m.Originator);
        Assert.Equal(r.OriginatorCounter, m.OriginatorCounter);
        Assert.False(m.HasSupplementaryRemotePartyId);
        Assert.Equal(GbcsForm.Mac, m.Form);
        Assert.Equal(SignatureKind.Ecdsa, m.Signature);
        var verifier = new GbcsMessageVerifier(new NetGbcsCrypto(), TransformData.Keys.Value, RtdsTestIdentities.AccessControlBroker);
        Assert.Equal(CheckResult.Valid, verifier.CheckSignature(m));
        Assert.Equal(CheckResult.Valid, verifier.CheckMac(m));
    }

    public static IEnumerable<object[]> CriticalRows =>
        SharedData.Available
            ? Cs02bCredentialsPairs.Pairs().Where(p => p.Name.Contains("_6.15.1_")).Select(p => new object[] { p.Name })
            : [["(reference data absent)"]];

    /// <summary>6.15.1 is critical: the pre-command, signed by the user, becomes a command whose signature and MAC verify.</summary>
    [SharedDataTheory]
    [MemberData(nameof(CriticalRows))]
    public void Signed_6_15_1_pre_command_becomes_a_MACd_command_that_verifies(string name)
    {
        var (template, rtds) = Pair(name);
        var result = Transform(TransformData.Load(template), name, rtds);
        Assert.True(result.IsPreCommand);
        var user = TransformData.Parse(result.Command).Originator;
        using var key = NetPrivateKey.FromPkcs8Pem(File.ReadAllText(Path.Combine(RtdsCorpus.KeystorePath, $"{user:x16}-ds.key")));
        var b = GbcsFrameBuilder.FromMessage(TransformData.Parse(result.Command));
        b.Signature = SignatureKind.Ecdsa;
        var signed = TransformData.Parse(b.Build());
        GbcsSigner.Sign(new NetGbcsCrypto(), key, signed);
        var command = TransformData.Parse(TransformData.Transformer().CompleteSignedPreCommand(result.Command, signed.Buffer));
        var verifier = new GbcsMessageVerifier(new NetGbcsCrypto(), TransformData.Keys.Value, RtdsTestIdentities.AccessControlBroker);
        Assert.Equal(CheckResult.Valid, verifier.CheckSignature(command));
        Assert.Equal(CheckResult.Valid, verifier.CheckMac(command));
    }
}

using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>Critical SRVs: CV4 -> pre-command (RTDS byte for byte), then the signed pre-command -> MAC'd command.</summary>
public sealed class CriticalTests
{
    private const ulong Supplier = 0x90B3D51F30010000UL;

    public static IEnumerable<object[]> PreCommandPairs => TransformData.Rows("PRECOMMAND", TransformData.CriticalSrvs);

    private static NetPrivateKey SupplierDsKey() =>
        NetPrivateKey.FromPkcs8Pem(File.ReadAllText(Path.Combine(RtdsCorpus.KeystorePath, "90b3d51f30010000-ds.key")));

    private static (byte[] PreCommand, TemplatePair Pair) Issue(TemplatePair pair)
    {
        var expected = RtdsCorpus.Bytes(pair.RtdsFile!);
        var request = TransformData.Load(pair.Template);
        var result = TransformData.Transformer().Transform(request, TransformData.Context(request, 1));
        Assert.True(result.IsPreCommand);
        Assert.Equal(Convert.ToHexString(expected), result.Hex);
        return (result.Command, pair);
    }

    private static byte[] Sign(byte[] preCommand, IGbcsPrivateKey key)
    {
        var m = GbcsFrameParser.Parse(preCommand);
        var b = GbcsFrameBuilder.FromMessage(m);
        b.Signature = SignatureKind.Ecdsa;
        var signed = b.Build();
        var sm = GbcsFrameParser.Parse(signed);
        GbcsSigner.Sign(new NetGbcsCrypto(), key, sm);
        return signed;
    }

    [SharedDataTheory]
    [MemberData(nameof(PreCommandPairs))]
    public void Pre_command_is_the_RTDS_pre_command_byte_for_byte(string template)
    {
        var pair = TransformData.Pair(template, "PRECOMMAND");
        var (pre, _) = Issue(pair);
        var m = TransformData.Parse(pre);
        Assert.Equal(GbcsForm.PreCommand, m.Form);
        Assert.Equal(SignatureKind.Absent, m.Signature);
    }

    [SharedDataFact]
    public void Every_critical_template_has_its_RTDS_pre_command()
    {
        var pairs = TransformData.Pairs("PRECOMMAND", TransformData.CriticalSrvs);
        // CS06 x3 (immediate, future-dated, cancellation), ECS42, ECS43, GCS32.
        Assert.Equal(6, pairs.Count(p => p.RtdsFile is not null));
        Assert.DoesNotContain(pairs, p => p.RtdsFile is null);
    }

    [SharedDataTheory]
    [MemberData(nameof(PreCommandPairs))]
    public void Signed_pre_command_becomes_a_MACd_command_whose_signature_and_MAC_verify(string template)
    {
        var pair = TransformData.Pair(template, "PRECOMMAND");
        var (pre, _) = Issue(pair);
        using var key = SupplierDsKey();
        var signed = Sign(pre, key);
        var command = TransformData.Transformer().CompleteSignedPreCommand(pre, signed);

        var m = TransformData.Parse(command);
        Assert.Equal(GbcsForm.Mac, m.Form);
        Assert.Equal(SignatureKind.Ecdsa, m.Signature);
        var verifier = new GbcsMessageVerifier(new NetGbcsCrypto(), TransformData.Keys.Value, RtdsTestIdentities.AccessControlBroker);
        Assert.Equal(CheckResult.Valid, verifier.CheckSignature(m));
        Assert.Equal(CheckResult.Valid, verifier.CheckMac(m));

        // ECDSA is randomised: only the signed part equals RTDS's command.
        var rtds = TransformData.Parse(RtdsCorpus.Bytes(pair.RtdsFile!.Replace("_PRECOMMAND_", "_COMMAND_")));
        Assert.Equal(rtds.Buffer.AsSpan(rtds.SignedDataOffset, rtds.SignedDataLength).ToArray(),
            m.Buffer.AsSpan(m.SignedDataOffset, m.SignedDataLength).ToArray());
    }

    [SharedDataTheory]
    [MemberData(nameof(PreCommandPairs))]
    public void RTDS_signature_on_the_pre_command_gives_the_RTDS_command_byte_for_byte(string template)
    {
        var pair = TransformData.Pair(template, "PRECOMMAND");
        var (pre, _) = Issue(pair);
        var rtdsCommand = RtdsCorpus.Bytes(pair.RtdsFile!.Replace("_PRECOMMAND_", "_COMMAND_"));
        var rtds = TransformData.Parse(rtdsCommand);
        var signedByRtds = rtdsCommand.AsSpan(rtds.SigningOffset, rtds.SigningLength).ToArray(); // DF ... 40 <sig>

        var command = TransformData.Transformer().CompleteSignedPreCommand(pre, signedByRtds);

        Assert.Equal(Convert.ToHexString(rtdsCommand), Convert.ToHexString(command));
    }

    [SharedDataFact]
    public void Signed_pre_command_that_differs_from_the_issued_one_is_rejected()
    {
        var pair = TransformData.Pairs("PRECOMMAND", "7.1").Single();
        var (pre, _) = Issue(pair);
        var altered = (byte[])pre.Clone();
        altered[^1] ^= 0x01; // ECS42 script 0x33 -> 0x32
        using var key = SupplierDsKey();
        var signed = Sign(altered, key); // validly signed by the right user, but not what was issued

        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().CompleteSignedPreCommand(pre, signed));
        Assert.Equal(TransformError.PreCommandMismatch, ex.Error);
    }

    [SharedDataFact]
    public void Pre_command_signed_by_the_wrong_key_is_rejected()
    {
        var pair = TransformData.Pairs("PRECOMMAND", "11.3").First();
        var (pre, _) = Issue(pair);
        using var other = NetPrivateKey.FromPkcs8Pem(File.ReadAllText(Path.Combine(RtdsCorpus.KeystorePath, "90b3d51f30020000-ds.key")));
        var signed = Sign(pre, other);

        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().CompleteSignedPreCommand(pre, signed));
        Assert.Equal(TransformError.PreCommandSignatureInvalid, ex.Error);
    }

    [SharedDataFact]
    public void Unsigned_or_garbled_pre_command_is_rejected_as_malformed()
    {
        var pair = TransformData.Pairs("PRECOMMAND", "7.2").First(p => p.UseCase == "ECS43");
        var (pre, _) = Issue(pair);
        var t = TransformData.Transformer();
        Assert.Equal(TransformError.PreCommandMalformed,
            Assert.Throws<DuisTransformException>(() => t.CompleteSignedPreCommand(pre, pre)).Error);
        Assert.Equal(TransformError.PreCommandMalformed,
            Assert.Throws<DuisTransformException>(() => t.CompleteSignedPreCommand(pre, [0xDF, 0x09, 0x01])).Error);
    }

    [SharedDataFact]
    public void Critical_request_not_sent_as_CV4_is_refused()
    {
        var request = TransformData.LoadTemplate("ECS42_7.1_SUCCESS_REQUEST_DUIS.XML");
        var cv1 = request with { Header = request.Header with { CommandVariant = 1 } };
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(cv1, TransformData.Context(cv1, 1)));
        Assert.Equal(TransformError.WrongCommandVariant, ex.Error);
    }

    [SharedDataFact]
    public void Signed_pre_command_is_read_from_a_CV5_request()
    {
        var pair = TransformData.Pairs("PRECOMMAND", "7.1").Single();
        var (pre, _) = Issue(pair);
        using var key = SupplierDsKey();
        var signed = Sign(pre, key);
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
              <sr:Header>
                <sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1001</sr:RequestID>
                <sr:CommandVariant>5</sr:CommandVariant>
                <sr:ServiceReference>7.1</sr:ServiceReference>
                <sr:ServiceReferenceVariant>7.1</sr:ServiceReferenceVariant>
              </sr:Header>
              <sr:Body><sr:SignedPreCommand><sr:GBCSPayload>{Convert.ToBase64String(signed)}</sr:GBCSPayload></sr:SignedPreCommand></sr:Body>
            </sr:Request>
            """;
        var cv5 = Dcc.Duis.DuisRequestParser.Parse(Dcc.Duis.SecureXml.LoadXml(xml));
        var command = TransformData.Transformer().CompleteSignedPreCommand(pre, cv5);
        Assert.Equal(GbcsForm.Mac, TransformData.Parse(command).Form);
        Assert.Equal(Supplier, TransformData.Parse(command).Originator);
    }
}

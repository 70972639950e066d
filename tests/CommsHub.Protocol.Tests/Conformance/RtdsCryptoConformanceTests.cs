using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Tests.Conformance;

/// <summary>
/// Signature and MAC validity over all of RTDS 4.5.0 equal the independent index: 472 valid signatures and 811 valid
/// MACs; the 4 PPMID&lt;-&gt;GSME messages (PCS01/PCS02, device-to-device keys that are not public) cannot be verified.
/// </summary>
public class RtdsCryptoConformanceTests
{
    /// <summary>DCC Boxed Access Control Broker.</summary>
    public const ulong Acb = 0x90B3D51F30000002;

    private static GbcsMessageVerifier NewVerifier() =>
        new(new NetGbcsCrypto(), new DirectoryKeyStore(RtdsCorpus.KeystorePath), Acb);

    [SharedDataFact]
    public void Signature_and_mac_results_equal_the_index()
    {
        var verifier = NewVerifier();
        int validSignatures = 0, validMacs = 0;
        var failures = new List<string>();
        foreach (var e in RtdsCorpus.Entries)
        {
            var m = GbcsFrameParser.Parse(RtdsCorpus.Bytes(e));
            var sig = verifier.CheckSignature(m);
            var mac = verifier.CheckMac(m);
            if (sig == CheckResult.Valid) validSignatures++;
            if (mac == CheckResult.Valid) validMacs++;
            var expectedSig = e.Signature switch { "VALID" => CheckResult.Valid, "null(00)" => CheckResult.Null, "absent" => CheckResult.Absent, _ => (CheckResult)(-1) };
            if (sig != expectedSig) failures.Add($"{e.File}: signature {sig}, index {e.Signature}");
            bool pcs = e.UseCase is "PCS01" or "PCS02";
            if (pcs)
            {
                // The index marks these INVALID/no-key: the PPMID<->GSME key pair is not in the keystore. They must
                // never verify.
                if (mac == CheckResult.Valid) failures.Add($"{e.File}: PCS MAC unexpectedly valid");
            }
            else
            {
                var expectedMac = e.Mac == "VALID" ? CheckResult.Valid : CheckResult.Absent;
                if (mac != expectedMac) failures.Add($"{e.File}: mac {mac}, index {e.Mac}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(472, validSignatures);
        Assert.Equal(811, validMacs);
    }

    [SharedDataFact]
    public void Pre_commands_are_the_signed_part_of_the_final_command()
    {
        // GBCS.md §2: 178/178 pre-commands are byte-identical to the signed part of the command sent after them.
        int pairs = 0;
        foreach (var e in RtdsCorpus.Entries.Where(x => x.Kind == "PRECOMMAND"))
        {
            var commandFile = e.File.Replace("_PRECOMMAND_", "_COMMAND_");
            if (!RtdsCorpus.Entries.Any(x => x.File == commandFile)) continue;
            var pre = GbcsFrameParser.Parse(RtdsCorpus.Bytes(e));
            var cmd = GbcsFrameParser.Parse(RtdsCorpus.Bytes(commandFile));
            Assert.Equal(pre.SignedDataLength, cmd.SignedDataLength);
            Assert.True(pre.Buffer.AsSpan(pre.SignedDataOffset, pre.SignedDataLength)
                .SequenceEqual(cmd.Buffer.AsSpan(cmd.SignedDataOffset, cmd.SignedDataLength)), e.File);
            pairs++;
        }
        Assert.True(pairs >= 170, $"only {pairs} pre-command/command pairs found");
    }

    [SharedDataFact]
    public void Rebuilding_a_command_and_re_applying_the_mac_with_the_acb_key_reproduces_it()
    {
        // The adapter side: ACB KA private x device KA public. Every RTDS command from or via the ACB is reproduced.
        var crypto = new NetGbcsCrypto();
        var keys = new DirectoryKeyStore(RtdsCorpus.KeystorePath);
        var acbKey = keys.GetPrivateKey(Acb, KeyUsage.KeyAgreement, false)!;
        var mac = new GbcsMac(crypto);
        int rebuilt = 0;
        foreach (var e in RtdsCorpus.Entries.Where(x => x.Cra == "command" && x.Mac == "VALID"))
        {
            var original = RtdsCorpus.Bytes(e);
            var b = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(original));
            b.Mac = null;
            var frame = b.Build();
            var m = GbcsFrameParser.Parse(frame);
            Assert.True(mac.Apply(m, acbKey, keys.GetPublicKey(m.Target, KeyUsage.KeyAgreement, false)!));
            Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(frame));
            rebuilt++;
        }
        Assert.True(rebuilt > 400, $"{rebuilt} commands");
    }
}

using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Protocol.Net.Tests;

/// <summary>
/// Wycheproof ECDSA P-256/SHA-256: every valid signature accepted, every invalid one rejected, through the
/// same NetGbcsCrypto.EcdsaVerify that GBCS signature checks use.
/// </summary>
public class EcdsaWycheproofTests(ITestOutputHelper output)
{
    private readonly NetGbcsCrypto _crypto = new();

    // Raw r||s, the GBCS wire form. Wrong-length signatures (Wycheproof "SignatureSize") go through the span
    // overload, which must reject them, not throw.
    [SharedDataFact]
    public void P1363_signatures()
    {
        using var doc = Wycheproof.Load("ecdsa_secp256r1_sha256_p1363_test.json");
        var tally = new Tally();
        int wrongLength = 0;
        foreach (var (group, test) in Wycheproof.Tests(doc))
        {
            var key = group.GetProperty("publicKey").Hex("uncompressed");
            var sig = test.Hex("sig");
            if (sig.Length != 64) wrongLength++;
            tally.Record(test, _crypto.EcdsaVerify(key, test.Hex("msg"), sig));
            if (sig.Length == 64)
            {
                // The array overload (the IGbcsCrypto contract) must agree with the span one.
                var msg = test.Hex("msg");
                var padded = new byte[sig.Length + 3];
                sig.CopyTo(padded, 3);
                Assert.Equal(_crypto.EcdsaVerify(key, test.Hex("msg"), sig),
                    _crypto.EcdsaVerify(key, msg, 0, msg.Length, padded, 3));
            }
        }
        output.WriteLine($"p1363: {tally.Summary}; wrong-length signatures {wrongLength}");
        tally.AssertNoFailures(262);
        Assert.True(tally.ValidAccepted == 173 && tally.InvalidRejected == 89, tally.Summary);
        Assert.True(wrongLength > 0, "expected some wrong-length signatures in the file");
    }

    // DER signatures: strict DER -> raw conversion, then raw verification. A signature the strict parser refuses
    // counts as rejected; "acceptable" cases (none in this file today) may go either way.
    [SharedDataFact]
    public void Der_signatures_through_strict_converter()
    {
        using var doc = Wycheproof.Load("ecdsa_secp256r1_sha256_test.json");
        var tally = new Tally();
        int parseRejected = 0;
        var raw = new byte[EcdsaSignatureEncoding.RawLength];
        foreach (var (group, test) in Wycheproof.Tests(doc))
        {
            var key = group.GetProperty("publicKey").Hex("uncompressed");
            bool parsed = EcdsaSignatureEncoding.TryDerToRaw(test.Hex("sig"), raw);
            if (!parsed) parseRejected++;
            bool accepted = parsed && _crypto.EcdsaVerify(key, test.Hex("msg"), raw);
            tally.Record(test, accepted, parsed ? "(verify)" : "(DER parse)");
            if (parsed)
            {
                // Strict DER has one encoding per value, so re-encoding must give the input back.
                Assert.Equal(Convert.ToHexString(test.Hex("sig")), Convert.ToHexString(EcdsaSignatureEncoding.RawToDer(raw)));
            }
        }
        output.WriteLine($"DER: {tally.Summary}; refused by the strict DER parser {parseRejected}");
        tally.AssertNoFailures(484);
        Assert.True(tally.ValidAccepted == 174 && tally.InvalidRejected == 310, tally.Summary + $", DER parse rejected {parseRejected}");
    }
}

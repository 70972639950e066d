using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Protocol.Net.Tests;

/// <summary>
/// Wycheproof static ECDH on P-256: valid public keys give the expected shared secret; invalid ones (off-curve,
/// wrong curve, bad encodings, explicit curve parameters) are refused by the SPKI parser or by EcdhSharedSecret.
/// </summary>
public class EcdhWycheproofTests(ITestOutputHelper output)
{
    // SPKI-encoded public keys. PublicKeys.TryReadSubjectPublicKeyInfo accepts only named-curve P-256 in strict
    // DER, decompressing compressed points; its result then goes through EcdhSharedSecret.
    [SharedDataFact]
    public void Spki_public_keys()
    {
        var crypto = new NetGbcsCrypto(ecdhCacheCapacity: 0);
        using var doc = Wycheproof.Load("ecdh_secp256r1_test.json");
        var tally = new Tally();
        int spkiRejected = 0;
        foreach (var (_, test) in Wycheproof.Tests(doc))
        {
            bool accepted = false;
            if (PublicKeys.TryReadSubjectPublicKeyInfo(test.Hex("public"), out var point))
                accepted = Agree(crypto, test, point, tally);
            else
                spkiRejected++;
            tally.Record(test, accepted);
        }
        output.WriteLine($"SPKI: {tally.Summary}; refused by the SPKI parser {spkiRejected}");
        tally.AssertNoFailures(612);
        // 330 valid, 52 invalid, 230 acceptable (222 of them odd-but-parseable ASN.1, which strict DER refuses).
        Assert.True(tally.ValidAccepted == 330 && tally.InvalidRejected == 52, tally.Summary + $", SPKI rejected {spkiRejected}");
    }

    // Bare SEC1 points. EcdhSharedSecret is defined for 65-byte uncompressed points only, so compressed ones
    // are rejected there; the two Wycheproof marks "acceptable" (valid compressed keys) are then also run through
    // P256.TryNormalizePoint to show decompression yields the expected secret.
    [SharedDataFact]
    public void Ec_point_public_keys()
    {
        var crypto = new NetGbcsCrypto(ecdhCacheCapacity: 0);
        using var doc = Wycheproof.Load("ecdh_secp256r1_ecpoint_test.json");
        var direct = new Tally();
        var viaDecompression = new Tally();
        foreach (var (_, test) in Wycheproof.Tests(doc))
        {
            var pub = test.Hex("public");
            direct.Record(test, Agree(crypto, test, pub, direct));
            bool normalized = P256.TryNormalizePoint(pub, out var point);
            viaDecompression.Record(test, normalized && Agree(crypto, test, point, viaDecompression));
        }
        output.WriteLine($"ecpoint direct: {direct.Summary}");
        output.WriteLine($"ecpoint via decompression: {viaDecompression.Summary}");
        direct.AssertNoFailures(355);
        viaDecompression.AssertNoFailures(355);
        Assert.True(direct.ValidAccepted == 330 && direct.InvalidRejected == 24 && direct.AcceptableRejected == 1, direct.Summary);
        Assert.True(viaDecompression.AcceptableAccepted == 1, viaDecompression.Summary);
    }

    /// <summary>Runs ECDH with the test's private key; when it succeeds the secret must be the expected one.</summary>
    private static bool Agree(NetGbcsCrypto crypto, System.Text.Json.JsonElement test, byte[] peer, Tally tally)
    {
        using var key = NetPrivateKey.FromScalar(Scalar32(test.Hex("private")));
        var z = new byte[32];
        if (!crypto.EcdhSharedSecret(key, peer, z, 0)) return false;
        var expected = test.Hex("shared");
        if (!z.AsSpan().SequenceEqual(expected))
        {
            tally.Fail(test, $"shared secret {Convert.ToHexString(z)} != {Convert.ToHexString(expected)}");
            return false;
        }
        return true;
    }

    // Wycheproof writes private keys as ASN.1 integers: a leading 00 when the top bit is set, or fewer bytes.
    private static byte[] Scalar32(byte[] v)
    {
        var trimmed = v.AsSpan().TrimStart((byte)0);
        var r = new byte[32];
        trimmed.CopyTo(r.AsSpan(32 - trimmed.Length));
        return r;
    }
}

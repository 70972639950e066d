using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Protocol.Net.Tests;

/// <summary>Wycheproof AES-GCM, 128-bit keys (GBCS uses AES-128 only).</summary>
public class AesGcmWycheproofTests(ITestOutputHelper output)
{
    private readonly NetGbcsCrypto _crypto = new();

    [SharedDataFact]
    public void Aes128_gcm()
    {
        using var doc = Wycheproof.Load("aes_gcm_test.json");
        var tally = new Tally();
        int outOfScope = 0, outOfScopeGroups = 0, truncatedTagsChecked = 0;
        foreach (var group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            if (group.GetProperty("keySize").GetInt32() != 128) continue;
            var tests = group.GetProperty("tests").EnumerateArray().ToList();
            // IGbcsCrypto is defined for GBCS's 12-byte IV (system title || 00000000) only; groups with other IV
            // sizes are outside it. Our implementation must refuse them as an argument error, never compute.
            if (group.GetProperty("ivSize").GetInt32() != 96 || group.GetProperty("tagSize").GetInt32() != 128)
            {
                outOfScopeGroups++;
                foreach (var test in tests)
                {
                    outOfScope++;
                    Assert.Throws<ArgumentException>(() => Decrypt(test, test.Hex("tag"), out _));
                }
                continue;
            }
            foreach (var test in tests)
            {
                var tag = test.Hex("tag");
                bool decrypted = Decrypt(test, tag, out var plaintext);
                if (decrypted && !plaintext.AsSpan().SequenceEqual(test.Hex("msg"))) tally.Fail(test, "wrong plaintext");
                bool encryptMatches = Encrypt(test, tag.Length, out var ct, out var computedTag)
                    && ct.AsSpan().SequenceEqual(test.Hex("ct")) && computedTag.AsSpan().SequenceEqual(tag);
                // Valid: both directions agree with the vector. Invalid (modified tags): decryption must fail.
                tally.Record(test, test.Result() == "valid" ? decrypted && encryptMatches : decrypted);

                if (test.Result() == "valid")
                {
                    // GBCS truncates to 12 bytes: the leading 12 bytes of a valid tag must verify as a 12-byte tag.
                    Assert.True(Decrypt(test, tag[..12], out _), $"tc {test.Id()} 12-byte tag");
                    truncatedTagsChecked++;
                }
            }
        }
        output.WriteLine($"AES-128-GCM in scope: {tally.Summary}; 12-byte truncated tags verified {truncatedTagsChecked}; out of scope {outOfScopeGroups} groups / {outOfScope} tests");
        tally.AssertNoFailures(67);
        Assert.True(tally.ValidAccepted == 40 && tally.InvalidRejected == 27, tally.Summary);
        // keySize-128 groups whose IV is not 96 bits: 64 (3 tests), 128 (20), 120, 160, 256, 512, 1024, 2056 (1 each),
        // 8, 16, 32, 48, 80 (2 each) and the invalid zero-length IV (2) = 14 groups, 41 tests; every tag there is
        // 128 bits. All are refused by the IV-length argument check.
        Assert.True(outOfScopeGroups == 14 && outOfScope == 41, $"out of scope: {outOfScopeGroups} groups, {outOfScope} tests");
        Assert.Equal(40, truncatedTagsChecked);
    }

    private bool Decrypt(System.Text.Json.JsonElement test, byte[] tag, out byte[] plaintext)
    {
        var ct = test.Hex("ct");
        var aad = test.Hex("aad");
        plaintext = new byte[ct.Length];
        return _crypto.AesGcmDecrypt(test.Hex("key"), test.Hex("iv"), aad, 0, aad.Length, ct, 0, ct.Length,
            tag, 0, tag.Length, plaintext, 0);
    }

    private bool Encrypt(System.Text.Json.JsonElement test, int tagLength, out byte[] ct, out byte[] tag)
    {
        var msg = test.Hex("msg");
        var aad = test.Hex("aad");
        ct = new byte[msg.Length];
        tag = new byte[tagLength];
        _crypto.AesGcmEncrypt(test.Hex("key"), test.Hex("iv"), aad, 0, aad.Length, msg, 0, msg.Length, ct, 0, tag, 0, tagLength);
        return true;
    }
}

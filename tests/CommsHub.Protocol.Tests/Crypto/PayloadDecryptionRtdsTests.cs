using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Protocol.Tests.Crypto;

/// <summary>
/// Encrypted content (security control 0x31) over RTDS 4.5.0: every message whose decoded tree has "Decrypted
/// Payload N" blocks (48 messages, 63 blocks) is located, decrypted with the keystore and compared with gbcs-parser's
/// plaintext; re-encryption is byte-identical; tampering is detected.
/// </summary>
public class PayloadDecryptionRtdsTests
{
    private const int ExpectedMessages = 48;
    private const int ExpectedPayloads = 63;

    private readonly ITestOutputHelper _out;
    private readonly GbcsPayloadCipher _cipher = new(new NetGbcsCrypto());

    public PayloadDecryptionRtdsTests(ITestOutputHelper output) => _out = output;

    [SharedDataFact]
    public void All_encrypted_contents_decrypt_to_the_decoded_trees()
    {
        int messages = 0, decrypted = 0, blocks = 0, dlms = 0, gbz = 0;
        var failures = new List<string>();
        foreach (var x in EncryptedRtds.Messages)
        {
            messages++;
            blocks += x.ExpectedPlaintextHex.Length;
            if (x.Contents.Length != x.ExpectedPlaintextHex.Length)
            {
                failures.Add($"{x.Entry}: located {x.Contents.Length}, tree has {x.ExpectedPlaintextHex.Length}");
                continue;
            }
            for (int i = 0; i < x.Contents.Length; i++)
            {
                var c = x.Contents[i];
                var pt = new byte[c.CiphertextLength];
                // Standard KA keys only: none of the 48 needs a prepayment (-pp-ka) key.
                var r = _cipher.Decrypt(x.Message, c, EncryptedRtds.Keys, false, pt, 0);
                if (r != CheckResult.Valid) { failures.Add($"{x.Entry} #{i}: {r}"); continue; }
                if (Convert.ToHexString(pt) != x.ExpectedPlaintextHex[i]) { failures.Add($"{x.Entry} #{i}: plaintext differs"); continue; }
                decrypted++;
                if (c.Kind == EncryptedContentKind.GbzComponent) gbz++; else dlms++;
            }
        }
        _out.WriteLine($"{messages} messages, {blocks} 'Decrypted Payload' blocks, {decrypted} decrypted ({dlms} DLMS, {gbz} GBZ)");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(ExpectedMessages, messages);
        Assert.Equal(ExpectedPayloads, blocks);
        Assert.Equal(blocks, decrypted);
    }

    [SharedDataFact]
    public void No_other_rtds_message_has_encrypted_content()
    {
        var withContent = new HashSet<string>(EncryptedRtds.Messages.Select(x => x.Entry.File));
        int scanned = 0;
        foreach (var e in RtdsCorpus.Entries)
        {
            if (withContent.Contains(e.File)) continue;
            var m = GbcsFrameParser.Parse(RtdsCorpus.Bytes(e));
            Assert.Empty(EncryptedContentLocator.Find(m));
            scanned++;
        }
        Assert.Equal(RtdsCorpus.Entries.Count - ExpectedMessages, scanned);
    }

    [SharedDataFact]
    public void Re_encrypting_the_plaintext_gives_the_identical_ciphertext_and_tag()
    {
        int count = 0;
        foreach (var x in EncryptedRtds.Messages)
        {
            // The recipient side holds the private key (the device's is not published).
            var own = EncryptedRtds.Keys.GetPrivateKey(GbcsPayloadCipher.KeyRecipient(x.Message), KeyUsage.KeyAgreement, false)!;
            var devicePublic = EncryptedRtds.Keys.GetPublicKey(x.Message.Originator, KeyUsage.KeyAgreement, false)!;
            foreach (var c in x.Contents)
            {
                var pt = new byte[c.CiphertextLength];
                Assert.True(_cipher.Decrypt(x.Message, c, own, devicePublic, pt, 0));
                var output = new byte[c.Length + 3];
                Assert.True(_cipher.Encrypt(x.Message, own, devicePublic, pt, 0, pt.Length, output, 3));
                Assert.Equal(Convert.ToHexString(c.Buffer, c.Offset, c.Length), Convert.ToHexString(output, 3, c.Length));
                count++;
            }
        }
        Assert.Equal(ExpectedPayloads, count);
    }

    [SharedDataFact]
    public void A_flipped_ciphertext_tag_or_header_byte_releases_no_plaintext()
    {
        foreach (var x in EncryptedRtds.Messages)
        {
            // A private copy: the cached messages are shared with tests running in parallel.
            var m = GbcsFrameParser.Parse((byte[])x.Message.Buffer.Clone());
            foreach (var c in EncryptedContentLocator.Find(m))
            {
                // A ciphertext byte, the first and last tag bytes.
                foreach (int at in new[] { c.CiphertextOffset + c.CiphertextLength / 2, c.TagOffset, c.TagOffset + 11 })
                {
                    var pt = Enumerable.Repeat((byte)0xAA, c.CiphertextLength).ToArray();
                    c.Buffer[at] ^= 0x01;
                    try
                    {
                        Assert.Equal(CheckResult.Invalid, _cipher.Decrypt(m, c, EncryptedRtds.Keys, false, pt, 0));
                        Assert.All(pt, b => Assert.Equal(0, b));
                    }
                    finally { c.Buffer[at] ^= 0x01; }
                }
            }
        }
    }

    [SharedDataFact]
    public void Wrong_key_inputs_fail_authentication()
    {
        var x = EncryptedRtds.Named("ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX");
        var c = x.Contents[0];
        var own = EncryptedRtds.Keys.GetPrivateKey(x.Message.Target, KeyUsage.KeyAgreement, false)!;
        var device = EncryptedRtds.Keys.GetPublicKey(x.Message.Originator, KeyUsage.KeyAgreement, false)!;
        var pt = new byte[c.CiphertextLength];
        ulong counter = x.Message.OriginatorCounter;
        Assert.True(_cipher.Decrypt(own, device, x.Message.Originator, counter, x.Message.Target, c.Buffer, c.Offset, c.Length, pt, 0));
        Assert.False(_cipher.Decrypt(own, device, x.Message.Originator, counter + 1, x.Message.Target, c.Buffer, c.Offset, c.Length, pt, 0));
        // The prepayment KA key of the same supplier is a different key pair.
        var pp = EncryptedRtds.Keys.GetPrivateKey(x.Message.Target, KeyUsage.KeyAgreement, true)!;
        Assert.False(_cipher.Decrypt(pp, device, x.Message.Originator, counter, x.Message.Target, c.Buffer, c.Offset, c.Length, pt, 0));
        Assert.Equal(CheckResult.Invalid, _cipher.Decrypt(x.Message, c, EncryptedRtds.Keys, true, pt, 0));
    }

    [SharedDataFact]
    public void Missing_keys_are_reported_not_thrown()
    {
        var x = EncryptedRtds.Named("ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX");
        var empty = new InMemoryKeyStore();
        var pt = new byte[x.Contents[0].CiphertextLength];
        Assert.Equal(CheckResult.NoKey, _cipher.Decrypt(x.Message, x.Contents[0], empty, false, pt, 0));
    }
}

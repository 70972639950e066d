using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Protocol.Tests.Crypto;

/// <summary>
/// How RTDS encrypts a GBZ response with several encrypted components (GCS15b/c, GCS16a/b), and that the cipher binds
/// the security header's invocation counter into the IV, which lets a device give each component its own IV.
/// </summary>
public class GbzComponentIvRtdsTests(ITestOutputHelper output)
{
    private readonly GbcsPayloadCipher _cipher = new(new NetGbcsCrypto());

    /// <summary>
    /// RTDS numbers the encrypted components of a response 0, 1, ... in the additional header frame counter, but every
    /// one carries invocation counter 0 and decrypts under the same key and IV (originator || 00000000): the keystream
    /// (ciphertext XOR plaintext) of one component is a prefix of the others'. The frame counter is not in the IV.
    /// </summary>
    [SharedDataFact]
    public void Rtds_encrypts_the_components_of_one_response_under_one_key_and_one_iv()
    {
        int messages = 0;
        foreach (var x in EncryptedRtds.Messages.Where(x => x.Contents.Count(c => c.Kind == EncryptedContentKind.GbzComponent) > 1))
        {
            messages++;
            var own = EncryptedRtds.Keys.GetPrivateKey(GbcsPayloadCipher.KeyRecipient(x.Message), KeyUsage.KeyAgreement, false)!;
            var device = EncryptedRtds.Keys.GetPublicKey(x.Message.Originator, KeyUsage.KeyAgreement, false)!;
            var keystreams = new List<byte[]>();
            for (int i = 0; i < x.Contents.Length; i++)
            {
                var c = x.Contents[i];
                Assert.Equal(i, c.AdditionalHeaderFrameCounter);
                Assert.Equal(0u, c.InvocationCounter);
                var plain = new byte[c.CiphertextLength];
                Assert.True(_cipher.Decrypt(x.Message, c, own, device, plain, 0));
                keystreams.Add(plain.Select((p, k) => (byte)(p ^ c.Buffer[c.CiphertextOffset + k])).ToArray());
            }
            int shortest = keystreams.Min(k => k.Length);
            foreach (var k in keystreams) Assert.Equal(keystreams[0][..shortest], k[..shortest]);
            output.WriteLine($"{x.Entry.Name}: {x.Contents.Length} components, frame counters 0..{x.Contents.Length - 1}, one keystream");
        }
        // GCS15b/c and GCS16a, SUCCESS and ERROR each, and GCS16b KRP and URP SUCCESS.
        Assert.Equal(8, messages);
    }

    [Fact]
    public void The_invocation_counter_is_the_ivs_last_four_bytes_and_is_authenticated()
    {
        var device = NetPrivateKey.Generate();
        var reader = NetPrivateKey.Generate();
        byte[] plain = [1, 2, 3, 4, 5, 6, 7, 8];
        var zero = new byte[plain.Length + EncryptedContent.Overhead];
        var one = new byte[plain.Length + EncryptedContent.Overhead];
        Assert.True(_cipher.Encrypt(device, reader.PublicKey, 0x00DB1234567890A1, 7, 0x90B3D51F30010000, 0, plain, 0, plain.Length, zero, 0));
        Assert.True(_cipher.Encrypt(device, reader.PublicKey, 0x00DB1234567890A1, 7, 0x90B3D51F30010000, 1, plain, 0, plain.Length, one, 0));

        Assert.Equal("3100000001", Convert.ToHexString(one, 0, 5));
        // Same key, another IV: another keystream.
        Assert.NotEqual(Convert.ToHexString(zero, 5, plain.Length), Convert.ToHexString(one, 5, plain.Length));
        foreach (var protectedBytes in new[] { zero, one })
        {
            var back = new byte[plain.Length];
            Assert.True(_cipher.Decrypt(reader, device.PublicKey, 0x00DB1234567890A1, 7, 0x90B3D51F30010000, protectedBytes, 0, protectedBytes.Length, back, 0));
            Assert.Equal(plain, back);
        }
        one[4] = 0;
        Assert.False(_cipher.Decrypt(reader, device.PublicKey, 0x00DB1234567890A1, 7, 0x90B3D51F30010000, one, 0, one.Length, new byte[plain.Length], 0));
    }
}

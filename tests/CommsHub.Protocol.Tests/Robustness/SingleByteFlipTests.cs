using System.Collections.Concurrent;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Protocol.Tests.Robustness;

/// <summary>
/// Every single-byte change of every RTDS message whose MAC or signature verifies is detected: the frame no longer
/// parses, or a check that passed on the original no longer passes. Each byte is replaced by its complement.
/// </summary>
public class SingleByteFlipTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void Every_single_byte_flip_of_a_protected_message_is_detected()
    {
        var keys = new DirectoryKeyStore(RtdsCorpus.KeystorePath);
        var crypto = new NetGbcsCrypto();
        var protectedMessages = RtdsCorpus.Entries.Where(e => e.Signature == "VALID" || e.Mac == "VALID").ToArray();
        var undetected = new ConcurrentBag<string>();
        long flips = 0, parseErrors = 0;
        var verifiers = new ThreadLocal<GbcsMessageVerifier>(() => new GbcsMessageVerifier(crypto, keys, 0x90B3D51F30000002));
        Parallel.ForEach(protectedMessages, e =>
        {
            var verifier = verifiers.Value!;
            var original = RtdsCorpus.Bytes(e);
            var m0 = GbcsFrameParser.Parse(original);
            bool sigProtected = verifier.CheckSignature(m0) == CheckResult.Valid;
            bool macProtected = verifier.CheckMac(m0) == CheckResult.Valid;
            Assert.True(sigProtected || macProtected, e.File);
            var frame = (byte[])original.Clone();
            var m = new GbcsMessage();
            for (int i = 0; i < frame.Length; i++)
            {
                frame[i] ^= 0xFF;
                Interlocked.Increment(ref flips);
                try
                {
                    GbcsFrameParser.ParseInto(m, frame, 0, frame.Length);
                    bool accepted = (!sigProtected || verifier.CheckSignature(m) == CheckResult.Valid)
                        && (!macProtected || verifier.CheckMac(m) == CheckResult.Valid);
                    if (accepted) undetected.Add($"{e.File} byte {i}");
                }
                catch (GbcsFormatException)
                {
                    Interlocked.Increment(ref parseErrors);
                }
                frame[i] ^= 0xFF;
            }
        });
        output.WriteLine($"{protectedMessages.Length} protected messages, {flips} flips, {parseErrors} rejected by the parser, the rest by MAC/signature checks, {undetected.Count} undetected");
        Assert.Equal(1093, protectedMessages.Length);
        Assert.True(undetected.IsEmpty, $"{undetected.Count} undetected:\n" + string.Join("\n", undetected.Take(20)));
    }
}

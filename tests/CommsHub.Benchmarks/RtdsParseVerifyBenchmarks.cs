using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Benchmarks;

/// <summary>
/// Parse + verify over all 1275 RTDS messages, per message (OperationsPerInvoke). Verification checks the ECDSA
/// signature (472 messages) and the MAC (811 with keys; ECDH secrets cached per key pair, as a hub or adapter would).
/// Single-threaded: the figure is per core. Allocation is per message; the reused-message variants show what parsing
/// costs beyond the decoded result.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class RtdsParseVerifyBenchmarks
{
    private const int Messages = 1275;
    private byte[][] _frames = [];
    private GbcsMessageVerifier _verifier = null!;
    private readonly GbcsMessage _reused = new();

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15));
    }

    [GlobalSetup]
    public void Setup()
    {
        _frames = RtdsCorpus.Entries.Select(RtdsCorpus.Bytes).ToArray();
        if (_frames.Length != Messages) throw new InvalidOperationException($"expected {Messages} RTDS messages, found {_frames.Length}");
        var keys = new DirectoryKeyStore(RtdsCorpus.KeystorePath);
        _verifier = new GbcsMessageVerifier(new NetGbcsCrypto(), keys, 0x90B3D51F30000002);
        // Warm the key store and ECDH cache so the benchmark measures steady state, not PEM parsing.
        foreach (var f in _frames) Verify(GbcsFrameParser.Parse(f));
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "parse (new message object)")]
    public int Parse()
    {
        int n = 0;
        foreach (var f in _frames) n += GbcsFrameParser.Parse(f).ContentLength;
        return n;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "parse (reused message object)")]
    public int ParseReused()
    {
        int n = 0;
        foreach (var f in _frames)
        {
            GbcsFrameParser.ParseInto(_reused, f, 0, f.Length);
            n += _reused.ContentLength;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "parse + verify signature and MAC")]
    public int ParseAndVerify()
    {
        int valid = 0;
        foreach (var f in _frames) valid += Verify(GbcsFrameParser.Parse(f));
        return valid;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "parse + verify (reused message object)")]
    public int ParseAndVerifyReused()
    {
        int valid = 0;
        foreach (var f in _frames)
        {
            GbcsFrameParser.ParseInto(_reused, f, 0, f.Length);
            valid += Verify(_reused);
        }
        return valid;
    }

    private int Verify(GbcsMessage m)
    {
        int v = 0;
        if (_verifier.CheckSignature(m) == CheckResult.Valid) v++;
        if (_verifier.CheckMac(m) == CheckResult.Valid) v++;
        return v;
    }
}

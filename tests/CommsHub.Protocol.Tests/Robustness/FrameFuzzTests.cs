using System.Diagnostics;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Protocol.Tests.Robustness;

/// <summary>
/// Seeded mutation fuzzing of the frame parser and payload decoders: truncations, bit flips, byte replacements,
/// length-field lies and random frames, seeded from the RTDS corpus. Every input must end in a parsed message or a
/// <see cref="GbcsFormatException"/>: any other exception (index out of range, overflow, null reference...) is a bug.
/// Frames are copied into arrays of their exact size, so an over-read shows as IndexOutOfRangeException.
/// Set COMMSHUB_FUZZ_SEED to replay a run and COMMSHUB_FUZZ_CASES to run more.
/// </summary>
public class FrameFuzzTests(ITestOutputHelper output)
{
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("COMMSHUB_FUZZ_SEED"), out var s) ? s : 20261129;
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("COMMSHUB_FUZZ_CASES"), out var n) ? n : 120_000;

    [SharedDataFact]
    public void Mutated_and_random_frames_end_in_a_typed_error_or_a_message()
    {
        var corpus = RtdsCorpus.Entries.Select(RtdsCorpus.Bytes).ToArray();
        var rng = new Random(Seed);
        int parsed = 0, typedErrors = 0;
        var untyped = new List<string>();
        var perKind = new int[6];
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Cases; i++)
        {
            int kind = i % 6;
            byte[] frame = Mutate(corpus[rng.Next(corpus.Length)], kind, rng);
            perKind[kind]++;
            try
            {
                var m = GbcsFrameParser.Parse(frame);
                PayloadProbe.Decode(m);
                parsed++;
            }
            catch (GbcsFormatException)
            {
                typedErrors++;
            }
            catch (Exception ex)
            {
                if (untyped.Count < 20) untyped.Add($"case {i} kind {kind}: {ex.GetType().Name}: {ex.Message} frame {Convert.ToHexString(frame)}");
                else untyped.Add("");
            }
        }
        output.WriteLine($"seed {Seed}: {Cases} frames in {clock.Elapsed.TotalSeconds:F1}s: {parsed} parsed, {typedErrors} typed errors, {untyped.Count} other exceptions; per kind {string.Join(",", perKind)}");
        Assert.True(Cases >= 100_000, "the issue asks for at least 100,000 frames per run");
        Assert.True(untyped.Count == 0, $"seed {Seed}: {untyped.Count} untyped exceptions:\n" + string.Join("\n", untyped.Where(s => s.Length > 0)));
        // The mutations must exercise both outcomes, or the test proves nothing.
        Assert.True(parsed > Cases / 50 && typedErrors > Cases / 4, $"parsed {parsed}, errors {typedErrors}");
    }

    /// <summary>Kinds: 0 truncate, 1 flip bits, 2 overwrite a byte, 3 rewrite a length byte, 4 splice/extend, 5 random.</summary>
    internal static byte[] Mutate(byte[] seed, int kind, Random rng)
    {
        switch (kind)
        {
            case 0:
                return seed.AsSpan(0, rng.Next(seed.Length)).ToArray();
            case 1:
            {
                var f = (byte[])seed.Clone();
                int flips = 1 + rng.Next(4);
                for (int k = 0; k < flips; k++) f[rng.Next(f.Length)] ^= (byte)(1 << rng.Next(8));
                return f;
            }
            case 2:
            {
                var f = (byte[])seed.Clone();
                // Bias towards the header, where lengths and tags live.
                int at = rng.Next(2) == 0 ? rng.Next(Math.Min(64, f.Length)) : rng.Next(f.Length);
                f[at] = (byte)rng.Next(256);
                return f;
            }
            case 3:
            {
                var f = (byte[])seed.Clone();
                int at = rng.Next(Math.Min(80, f.Length));
                f[at] = rng.Next(4) switch { 0 => 0x81, 1 => 0x82, 2 => 0xFF, _ => (byte)rng.Next(0x80) };
                return f;
            }
            case 4:
            {
                int cut = rng.Next(seed.Length);
                var tail = new byte[rng.Next(1, 40)];
                rng.NextBytes(tail);
                return seed.AsSpan(0, cut).ToArray().Concat(tail).ToArray();
            }
            default:
            {
                var f = new byte[rng.Next(0, 300)];
                rng.NextBytes(f);
                if (f.Length > 0 && rng.Next(2) == 0) f[0] = rng.Next(2) == 0 ? (byte)0xDD : (byte)0xDF;
                if (f.Length > 1 && f[0] == 0xDD && rng.Next(2) == 0) f[1] = 0x00;
                return f;
            }
        }
    }
}

using System.Diagnostics;

namespace CommsHub.Benchmarks;

/// <summary>
/// <c>paired-duis</c>: <see cref="DuisPipelineBenchmarks.RequestToDecision"/> against one ECDSA P-256 verification
/// (<see cref="DuisPipelineBenchmarks.ReferenceEcdsaP256Verify"/>), in short alternating blocks on one thread. This
/// shared machine's speed drifts by 20-50% over tens of seconds (the same code has measured 190-340 µs a request in one
/// day), so two figures from separate BenchmarkDotNet runs, or from one run minutes apart, do not give a trustworthy
/// ratio. Blocks of a few hundred operations, each request block next to a verify block and the order alternated,
/// put both under the same conditions; the median of the per-pair ratios is the request's cost in P-256 verifications,
/// which the issue's own yardstick ("OpenSSL verifies a P-256 signature here in about 62 µs") turns into time.
/// </summary>
internal static class PairedDuisBench
{
    /// <summary>Runs the bench; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        int rounds, block, batch;
        bool hostShape;
        string? dbDir;
        try
        {
            var a = new BenchArguments(args, ["--rounds", "--block", "--db-dir", "--batch"], ["--host-shape"]);
            hostShape = a.Flag("--host-shape");
            (rounds, block, dbDir, batch) = (a.Positive("--rounds", 40), a.Positive("--block", 400), a.Text("--db-dir"), a.Positive("--batch", 1));
            if (block % batch != 0) throw new ArgumentException($"--block ({block}) must be a multiple of --batch ({batch})");
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"paired-duis: {ex.Message}");
            Console.Error.WriteLine("usage: paired-duis [--rounds N (40)] [--block N (400)] [--batch N (1)] [--host-shape] [--db-dir DIR (temp folder, or COMMSHUB_BENCH_DB_DIR)]");
            return 2;
        }

        var bench = new DuisPipelineBenchmarks { DatabaseRoot = dbDir };
        bench.Setup();
        try
        {
            // One request at a time (RequestToDecision), or batches as the host's decision batcher forms them under load.
            // Every batch is host-shaped (each request's intake apart, then the decisions batched, as the host's one intake
            // does); --host-shape is still accepted, and with --batch 1 gives batches of one instead of RequestToDecision.
            Action requests = batch == 1 && !hostShape ? () => bench.RequestToDecision() : () => bench.RequestBatch(batch);
            var perBlock = block / batch;
            var label = hostShape ? $"host-shaped, decisions in batches of {batch}" : batch == 1 ? "RequestToDecision" : $"batches of {batch}";
            Console.WriteLine($"paired-duis: {rounds} rounds of {block} requests ({label}) and {block} P-256 verifications, database under " +
                $"{dbDir ?? Environment.GetEnvironmentVariable("COMMSHUB_BENCH_DB_DIR") ?? Path.GetTempPath()}");
            // Warm-up: tiered compilation settles after some thousands of requests.
            for (var i = 0; i < 8_000 / batch; i++) requests();
            for (var i = 0; i < 2_000; i++) bench.ReferenceEcdsaP256Verify();

            var request = new double[rounds];
            var verify = new double[rounds];
            // Process CPU time over the request blocks (every thread: the background checkpointer, GC and timers too),
            // which is what one core would have to spend per request.
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            var requestCpu = TimeSpan.Zero;
            double TimeRequests()
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                var micros = Time(requests, perBlock) / batch;
                process.Refresh();
                requestCpu += process.TotalProcessorTime - before;
                return micros;
            }
            for (var r = 0; r < rounds; r++)
            {
                if ((r & 1) == 0)
                {
                    request[r] = TimeRequests();
                    verify[r] = Time(() => bench.ReferenceEcdsaP256Verify(), block);
                }
                else
                {
                    verify[r] = Time(() => bench.ReferenceEcdsaP256Verify(), block);
                    request[r] = TimeRequests();
                }
            }
            var ratios = request.Zip(verify, (q, v) => q / v).ToArray();
            var ratio = BenchStatistics.Median(ratios);
            Console.WriteLine();
            Console.WriteLine($"request ({label}): median {BenchStatistics.Median(request):F1} µs, blocks {request.Min():F1}-{request.Max():F1} µs");
            Console.WriteLine($"process CPU per request, all threads: {requestCpu.TotalMicroseconds / ((double)rounds * block):F1} µs (mean over the request blocks)");
            Console.WriteLine($"P-256 verify:                median {BenchStatistics.Median(verify):F1} µs, blocks {verify.Min():F1}-{verify.Max():F1} µs");
            Console.WriteLine($"request / verify, median of {rounds} paired blocks: {ratio:F2} (blocks {ratios.Min():F2}-{ratios.Max():F2})");
            Console.WriteLine($"at the issue's 62 µs per verify: {ratio * 62:F0} µs a request, {1e6 / (ratio * 62):F0} requests/s on one core");
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    // Mean µs per operation over one block.
    private static double Time(Action operation, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) operation();
        return clock.Elapsed.TotalMicroseconds / count;
    }
}

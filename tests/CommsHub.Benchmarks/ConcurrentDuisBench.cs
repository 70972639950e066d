using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Benchmarks;

/// <summary>
/// <c>concurrent-duis</c>: the path of <see cref="DuisPipelineBenchmarks.RequestToDecision"/> (signed DUIS 4.1.1 bytes
/// through XSD, XMLDSig, replay, access control, transform and ACB MAC, the SQLite writes and the in-memory dispatch)
/// driven by several threads at once, as Kestrel drives it. Each thread is a different supplier reading its own meter: a
/// user's requests must arrive in counter order, so one user cannot be spread over threads. The same requests run
/// against two SQLite stores, one committing every unit of work alone (MaxGroupCommit 1, the default with
/// synchronous=NORMAL) and one with group commit (64, the default with FULL), in alternating runs in one process, so that their ratio is measured under the same conditions. Per run:
/// requests/s on this machine (wall clock, all cores) and process CPU time per request (every thread of the process:
/// request threads, garbage collector, JIT, checkpointer; not the kernel's own writeback threads), which is what one
/// core would have to spend per request; and the mean units of work per commit. Its own command rather than a
/// BenchmarkDotNet suite because BenchmarkDotNet reports wall time per operation only.
/// </summary>
internal static class ConcurrentDuisBench
{
    private const ulong FirstUser = 0x90B3D51F300A0000UL, FirstMeter = 0x00DB123456789090UL;

    private sealed record Settings(int Threads, int PerThread, int Runs, int WarmupRuns, string DbRoot, bool SynchronousFull);

    private sealed record RunResult(string Variant, int Threads, int Requests, double Seconds, double CpuSeconds, long Commits, long Units)
    {
        public double PerSecond => Requests / Seconds;
        public double CpuMicrosPerRequest => CpuSeconds * 1e6 / Requests;
        public double UnitsPerCommit => Commits == 0 ? 0 : (double)Units / Commits;
    }

    /// <summary>Runs the bench; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        Settings settings;
        try
        {
            settings = Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"concurrent-duis: {ex.Message}");
            Console.Error.WriteLine("usage: concurrent-duis [--threads N (8)] [--per-thread N (1500)] [--runs N (7)] [--warmup-runs N (3)] [--db-dir DIR (temp folder, or COMMSHUB_BENCH_DB_DIR)] [--synchronous-full (fsync every commit)]");
            return 2;
        }
        var scratch = Path.Combine(settings.DbRoot, "commshub-concurrent-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            return Execute(settings, scratch);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    private static Settings Parse(string[] args)
    {
        var a = new BenchArguments(args, ["--threads", "--per-thread", "--runs", "--warmup-runs", "--db-dir"], ["--synchronous-full"]);
        var threads = a.Positive("--threads", 8);
        if (threads > 16) throw new ArgumentException("--threads: at most 16 (one RTDS meter key per thread)");
        var root = a.Text("--db-dir") ?? (Environment.GetEnvironmentVariable("COMMSHUB_BENCH_DB_DIR") is { Length: > 0 } configured ? configured : Path.GetTempPath());
        return new Settings(threads, a.Positive("--per-thread", 1500), a.Positive("--runs", 7), a.Positive("--warmup-runs", 3), root,
            a.Flag("--synchronous-full"));
    }

    private static int Execute(Settings settings, string scratch)
    {
        Console.WriteLine($"concurrent-duis: {settings.Threads} threads x {settings.PerThread} requests, {settings.Runs} runs per variant, " +
            $"{Environment.ProcessorCount} CPUs, database under {settings.DbRoot}, synchronous={(settings.SynchronousFull ? "FULL" : "NORMAL")}");
        var users = MintUsers(Path.Combine(scratch, "smki"), settings.Threads);
        Console.WriteLine($"signing {settings.Threads * settings.PerThread} requests...");
        var requests = SignRequests(users, settings.PerThread);
        var signers = new DuisSignerDirectory();
        foreach (var u in users) signers.Add(u.Certificate);
        var schema = DuisSchemaValidator.Shared(SharedData.PathOf("vectors/gbcs/duis"));
        var transformer = new DuisTransformer(new NetGbcsCrypto(), new DirectoryKeyStore(RtdsCorpus.KeystorePath), RtdsTestIdentities.AccessControlBroker);
        string Key(string f) => SharedData.PathOf(Path.Combine("vectors/gbcs/duis/signing-keys", f));
        using var dsp = DuisSigner.Load(Key("dsp-xml-sign-90B3D51F30000002-ds.key"), Key("dsp-xml-sign-90B3D51F30000002-ds.pem"));
        var writer = new DuisResponseWriter(dsp);

        // The third is the host's shape: each thread runs the intake (as a Kestrel request thread does) and hands the
        // decision to the DecisionBatcher, which decides what is waiting as one batch, one transaction.
        (string Name, int MaxGroup, bool Batched)[] variants = [("one commit per unit", 1, false), ("group commit", 64, false), ("decision batcher", 1, true)];
        var stores = variants.Select((v, i) => Seed(SqliteDccStore.Open(Path.Combine(scratch, $"db-{i}"),
            new SqliteStoreOptions { MaxGroupCommit = v.MaxGroup, SynchronousNormal = !settings.SynchronousFull }), users)).ToArray();
        try
        {
            var results = new List<RunResult>();
            // The first runs of each variant warm the JIT (tiered compilation takes thousands of requests to settle) and the
            // files, and are not counted. One thread first: the sequential cost.
            foreach (var threads in new[] { 1, settings.Threads })
            {
                for (var run = 1 - settings.WarmupRuns; run <= settings.Runs; run++)
                {
                    // ABAB... would favour whichever variant runs second (measured: 0.83x CPU between two identical stores);
                    // alternating the order each run (AB BA AB ...) spreads that over both.
                    for (var i = 0; i < variants.Length; i++)
                    {
                        var v = (run & 1) == 0 ? i : variants.Length - 1 - i;
                        var result = RunOnce(variants[v].Name, variants[v].Batched, stores[v], schema, signers, transformer, writer, requests, threads, settings.PerThread);
                        Console.WriteLine($"  {(run <= 0 ? "warm-up" : $"run {run}"),-7} {threads,2} thread(s) {result.Variant,-20} " +
                            $"{result.PerSecond,8:F0} req/s  {result.CpuMicrosPerRequest,6:F1} µs CPU/req  {result.UnitsPerCommit,5:F2} units/commit");
                        if (run > 0) results.Add(result);
                    }
                }
            }
            Report(results, settings);
            return 0;
        }
        finally
        {
            foreach (var s in stores) s.Dispose();
        }
    }

    private static DuisSigner[] MintUsers(string folder, int count)
    {
        var smki = new TestSmki(new SmkiFolder(folder));
        smki.EnsureCa();
        using var issuer = SmkiFolder.LoadIssuer(smki.Folder.IssuingStem);
        var users = new DuisSigner[count];
        for (var k = 0; k < count; k++)
        {
            var eui = FirstUser + (ulong)k;
            smki.IssueXmlSign(issuer, eui, dsp: false, $"bench supplier {k}");
            var stem = smki.Folder.XmlSignStem(eui, dsp: false);
            users[k] = DuisSigner.Load(stem + ".key", stem + ".pem");
        }
        return users;
    }

    private static string Dashed(ulong eui) => string.Join("-", BitConverter.GetBytes(eui).Reverse().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    private static string Mpan(int k) => $"11000000002{k:D2}";

    // Per user, PerThread requests with rising counters, signed in parallel (signing is the users' cost, not measured).
    private static byte[][][] SignRequests(DuisSigner[] users, int perThread)
    {
        var template = File.ReadAllText(SharedData.PathOf("vectors/gbcs/duis/templates/ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML"));
        template = Regex.Replace(template, @"<ds:Signature[\s\S]*?</ds:Signature>", "");
        const string RtdsRequestId = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000<";
        if (!template.Contains(RtdsRequestId, StringComparison.Ordinal))
            throw new InvalidOperationException("the ECS17b template no longer carries the RequestID this bench rewrites");
        var requests = new byte[users.Length][][];
        Parallel.For(0, users.Length, k =>
        {
            requests[k] = new byte[perThread][];
            for (var i = 0; i < perThread; i++)
            {
                var doc = new XmlDocument { PreserveWhitespace = true };
                doc.LoadXml(template.Replace(RtdsRequestId, $"{Dashed(FirstUser + (ulong)k)}:{Dashed(FirstMeter + (ulong)k)}:{1000 + i}<"));
                DuisSignature.Sign(doc, users[k]);
                requests[k][i] = DuisResponseWriter.Serialize(doc);
            }
        });
        return requests;
    }

    private static SqliteDccStore Seed(SqliteDccStore store, DuisSigner[] users)
    {
        var epoch = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        store.Inventory.Upsert(new InventoryDevice(RtdsTestIdentities.Chf, DeviceType.Chf, SmiStatus.Commissioned, epoch, [], null));
        for (var k = 0; k < users.Length; k++)
        {
            var cert = users[k].Certificate;
            var user = FirstUser + (ulong)k;
            store.Users.Upsert(new DccUser(user, $"bench supplier {k}", new HashSet<UserRole> { UserRole.ImportSupplier }, UserStatus.Active,
                new XmlSignIdentity(X509IssuerNames.Format(cert.IssuerName), DuisSignerDirectory.SerialOf(cert).ToString("X"))));
            store.Inventory.Upsert(new InventoryDevice(FirstMeter + (ulong)k, DeviceType.Esme, SmiStatus.Commissioned, epoch, [Mpan(k)], RtdsTestIdentities.Chf));
            store.Registration.Add(new RegistrationPeriod(Mpan(k), UserRole.ImportSupplier, user, epoch, null));
        }
        return store;
    }

    private static RunResult RunOnce(string variant, bool batched, SqliteDccStore store, DuisSchemaValidator schema, DuisSignerDirectory signers,
        DuisTransformer transformer, DuisResponseWriter writer, byte[][][] requests, int threads, int perThread)
    {
        // The same pre-signed requests each run: the counters and pending requests of the last run go (audit rows stay).
        BenchStore.ForgetRequests(store);
        store.Checkpoint();
        // The host's Sent-mark batching (20 ms or 256 marks); anomaly detection on, with a ceiling these runs stay under.
        using var marks = new SentMarks(store);
        var options = new DuisProcessorOptions();
        options.Access.Anomaly.DefaultMaxRequests = 10_000_000;
        var processor = new DuisRequestProcessor(store, schema, signers, transformer, writer,
            new MqttCommandDispatcher(new BenchStore.NullPublisher(), store.PendingRequests, new HubPresence(), marks), options);
        // The intake needs a batcher in any case; "alone" decides each admitted request on its own thread, without it.
        using var batcher = new DecisionBatcher(processor);
        var intake = new DuisIntake(batcher);

        Exception? failure = null;
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(k => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                foreach (var body in requests[k].AsSpan(0, perThread))
                {
                    var (kind, code, reason) = batched ? Batched(intake, batcher, body) : Alone(intake, processor, body);
                    if (kind != DuisOutcomeKind.Accepted) throw new InvalidOperationException($"user {k}: {kind} {code}: {reason}");
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
            }
        }) { Name = $"bench request {k}" }).ToList();
        workers.ForEach(w => w.Start());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (commits, units) = (store.WriterCommits, store.WriterUnits);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        start.SignalAndWait();
        workers.ForEach(w => w.Join());
        clock.Stop();
        process.Refresh();
        var cpuUsed = process.TotalProcessorTime - cpu;
        if (failure is not null) throw new InvalidOperationException("a request was not accepted; the figures would be meaningless", failure);
        // With the batcher, "units per commit" is its mean batch size (requests per batch, one commit each).
        return !batched
            ? new RunResult(variant, threads, threads * perThread, clock.Elapsed.TotalSeconds, cpuUsed.TotalSeconds,
                store.WriterCommits - commits, store.WriterUnits - units)
            : new RunResult(variant, threads, threads * perThread, clock.Elapsed.TotalSeconds, cpuUsed.TotalSeconds,
                batcher.Batches, batcher.Requests);
    }

    // The intake on a request thread, then the decision (replay guard included) in a unit of work of its own.
    private static (DuisOutcomeKind, string?, string) Alone(DuisIntake intake, DuisRequestProcessor processor, byte[] body)
    {
        if (!intake.TryAdmit(body, DuisEndpoint.ServiceS, null, out var item, out var refused)) return (refused.Kind, refused.ResponseCode, refused.Reason);
        var d = processor.DecideBatchAsync([item]).GetAwaiter().GetResult()[0];
        return (d.Kind, d.ResponseCode, d.Reason);
    }

    // As the host: the intake on a request thread, then the decision (replay guard included) batched.
    private static (DuisOutcomeKind, string?, string) Batched(DuisIntake intake, DecisionBatcher batcher, byte[] body)
    {
        if (!intake.TryAdmit(body, DuisEndpoint.ServiceS, null, out var item, out var refused)) return (refused.Kind, refused.ResponseCode, refused.Reason);
        var d = batcher.DecideAsync(item).GetAwaiter().GetResult();
        return (d.Kind, d.ResponseCode, d.Reason);
    }

    private static void Report(List<RunResult> results, Settings settings)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {settings.Runs} runs ({settings.PerThread} requests per thread per run):");
        Console.WriteLine();
        Console.WriteLine("| threads | store | requests/s | CPU µs per request | units per commit |");
        Console.WriteLine("|---:|---|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => (r.Threads, r.Variant)))
            Console.WriteLine($"| {group.Key.Threads} | {group.Key.Variant} | {BenchStatistics.Median(group.Select(r => r.PerSecond)):F0} | " +
                $"{BenchStatistics.Median(group.Select(r => r.CpuMicrosPerRequest)):F1} | {BenchStatistics.Median(group.Select(r => r.UnitsPerCommit)):F2} |");
        // Ratios run by run (each variant's run against the one-commit-per-unit run next to it), then their median.
        Console.WriteLine();
        foreach (var threads in results.Select(r => r.Threads).Distinct())
        {
            var single = results.Where(r => r.Threads == threads && r.Variant.StartsWith("one", StringComparison.Ordinal)).ToArray();
            foreach (var variant in results.Select(r => r.Variant).Distinct().Where(v => !v.StartsWith("one", StringComparison.Ordinal)))
            {
                var other = results.Where(r => r.Threads == threads && r.Variant == variant).ToArray();
                var cpuRatio = BenchStatistics.Median(single.Zip(other, (s, g) => g.CpuMicrosPerRequest / s.CpuMicrosPerRequest));
                var rateRatio = BenchStatistics.Median(single.Zip(other, (s, g) => g.PerSecond / s.PerSecond));
                Console.WriteLine($"{threads} thread(s): {variant} / one commit per unit, median of paired runs: CPU per request x{cpuRatio:F2}, requests/s x{rateRatio:F2}");
            }
        }
    }
}

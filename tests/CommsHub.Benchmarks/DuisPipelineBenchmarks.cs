using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Xml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Benchmarks;

/// <summary>
/// One signed DUIS 4.1.1 (ECS17b) request through <see cref="DuisIntake.ProcessAsync(byte[], CommsHub.Dcc.Access.DuisEndpoint, ulong?, CancellationToken)"/> (the host's intake), per request:
/// SecureXml load, XSD validation, XMLDSig verify, header, replay counter (SQLite write), access control (user,
/// registration, inventory, anomaly window; audit row), transform and ACB MAC, pending row (SQLite write), dispatch
/// to an in-memory MQTT publisher (Pending -> Sent group-committed every 256 requests on this thread) and the DSP-signed
/// I99 response. No network. The
/// requests are signed once in setup with rising RequestID counters (signing is the user's cost, not ours); when the
/// pool is used up its counters start over on the same database (see NextPass), which the per-request figures amortise.
/// <see cref="RequestToDecision"/> is the same path stopped before the DSP-signed answer: the stages the issue lists for
/// its target (XSD, signature, access control, transform, ACB MAC, SQLite writes), plus the in-memory dispatch.
/// <see cref="RequestToDecisionBatched"/> is that path for 16 requests at a time, decided as one store batch, as the host's
/// <see cref="DecisionBatcher"/> decides requests that queue under load.
/// The stage benchmarks split the cost: XSD, XMLDSig verify (and the SignedXml reference verifier it replaced), response
/// signing; the Reference rows are the irreducible crypto on this machine: one ECDSA P-256 verify and one sign
/// (System.Security.Cryptography over OpenSSL) of a SignedInfo-sized message.
/// SQLite: WAL, synchronous=NORMAL (the store's default), file in the temp folder (or COMMSHUB_BENCH_DB_DIR).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(Config))]
public class DuisPipelineBenchmarks
{
    private const int Pool = 4096;
    private const ulong Supplier = 0x90B3D51F30010000UL;
    private const string Mpan = "1100000000011";

    private readonly List<string> _dirs = [];
    private DuisSignerDirectory _signers = null!;
    private DuisSigner _user = null!, _dsp = null!;
    private DuisSchemaValidator _schema = null!;
    private DuisTransformer _transformer = null!;
    private DuisResponseWriter _writer = null!;
    private byte[][] _requests = [];
    private XmlDocument _loaded = null!;
    private DuisRequest[] _parsed = [];
    private IDccStore _store = null!;
    private DuisRequestProcessor _processor = null!;
    private DecisionBatcher _batcher = null!;
    private DuisIntake _intake = null!;
    private SentMarks? _marks;
    private int _next;
    private System.Security.Cryptography.ECDsa _userPublic = null!;
    private byte[] _signedInfo = [], _signedInfoSignature = [];

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(20)); // 20: this machine is noisy
    }

    private bool _wantsParsed;

    /// <summary>Folder for the database; null: COMMSHUB_BENCH_DB_DIR, else the temp folder (set before <see cref="Setup"/>).</summary>
    public string? DatabaseRoot { get; set; }

    /// <summary>Setup of <see cref="AccessTransformStore"/>: also parses the whole pool in advance.</summary>
    [GlobalSetup(Target = nameof(AccessTransformStore))]
    public void SetupWithParsedPool()
    {
        _wantsParsed = true;
        Setup();
    }

    /// <summary>Setup of every other benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _user = BenchDuis.User();
        _dsp = BenchDuis.Dsp();
        _signers = new DuisSignerDirectory();
        _signers.Add(_user.Certificate);
        _schema = BenchDuis.Schema();
        _transformer = new DuisTransformer(new NetGbcsCrypto(), new DirectoryKeyStore(RtdsCorpus.KeystorePath), RtdsTestIdentities.AccessControlBroker);
        _writer = new DuisResponseWriter(_dsp);
        var template = BenchDuis.UnsignedRead();
        _requests = new byte[Pool][];
        for (var i = 0; i < Pool; i++) _requests[i] = BenchDuis.SignedRead(template, 1000 + i, _user);
        _loaded = SecureXml.Load(_requests[0]);
        _userPublic = _user.Certificate.GetECDsaPublicKey()!;
        _signedInfo = DuisSignature.CanonicalSignedInfo((XmlElement)_loaded.GetElementsByTagName("SignedInfo", DuisNamespaces.XmlDsig)[0]!);
        _signedInfoSignature = _user.Key.SignData(_signedInfo, System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        // 4,096 parsed documents (about 100 MB of DOM) only where they are used: held in every benchmark's process they
        // made the garbage collector's work, and the whole-request figures, larger and noisier.
        if (_wantsParsed) _parsed = _requests.Select(r => DuisRequestParser.Parse(SecureXml.Load(r))).ToArray();
        NewStore();
    }

    private void NewStore()
    {
        _store?.Dispose();
        // COMMSHUB_BENCH_DB_DIR puts the database elsewhere (e.g. /dev/shm, to separate the adapter's own cost from the
        // disk's); TMPDIR would also move the runtime's diagnostics socket, which the EventPipe profiler needs.
        var root = DatabaseRoot
            ?? (Environment.GetEnvironmentVariable("COMMSHUB_BENCH_DB_DIR") is { Length: > 0 } configured ? configured : Path.GetTempPath());
        var dir = Path.Combine(root, "commshub-bench-" + Guid.NewGuid().ToString("N"));
        _dirs.Add(dir);
        _store = SqliteDccStore.Open(dir);
        var cert = _user.Certificate;
        _store.Users.Upsert(new DccUser(Supplier, "bench supplier", new HashSet<UserRole> { UserRole.ImportSupplier }, UserStatus.Active,
            new XmlSignIdentity(X509IssuerNames.Format(cert.IssuerName), DuisSignerDirectory.SerialOf(cert).ToString("X"))));
        var epoch = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _store.Inventory.Upsert(new InventoryDevice(RtdsTestIdentities.Chf, DeviceType.Chf, SmiStatus.Commissioned, epoch, [], null));
        _store.Inventory.Upsert(new InventoryDevice(RtdsTestIdentities.Esme, DeviceType.Esme, SmiStatus.Commissioned, epoch, [Mpan], RtdsTestIdentities.Chf));
        _store.Registration.Add(new RegistrationPeriod(Mpan, UserRole.ImportSupplier, Supplier, epoch, null));
        NewProcessor();
    }

    // Anomaly detection stays on: a pool (4096) is below the default 10,000 per user and SRV per hour, and each pass
    // gets a fresh processor and window.
    // The Sent marks are group-committed as the host does, but written on this thread (Flush every MarkBatch requests, no
    // timer), so their cost is counted in the single-core figures rather than hidden on the second core.
    private void NewProcessor()
    {
        _marks?.Dispose();
        _marks = new SentMarks(_store, TimeSpan.FromDays(1), maxBatch: int.MaxValue);
        var presence = new HubPresence();
        _processor = new DuisRequestProcessor(_store, _schema, _signers, _transformer, _writer,
            new MqttCommandDispatcher(new BenchStore.NullPublisher(), _store.PendingRequests, presence, _marks), new DuisProcessorOptions());
        _batcher?.Dispose();
        _batcher = new DecisionBatcher(_processor);
        _intake = new DuisIntake(_batcher);
        _next = 0;
    }

    private const int MarkBatch = 256;

    private void AfterRequest()
    {
        if (_next % MarkBatch == 0) _marks!.Flush();
    }

    // When the pre-signed pool is used up, its RequestID counters start over: the counter and the pending requests of the
    // last pass are deleted (a few milliseconds per 4,096 requests, amortised into the figures) rather than a new database
    // created and migrated (which cost tens of microseconds per request, amortised, in earlier runs). Audit rows stay.
    private void NextPass()
    {
        _marks!.Flush();
        BenchStore.ForgetRequests((SqliteDccStore)_store);
        NewProcessor();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batcher?.Dispose();
        _marks?.Dispose();
        _store.Dispose();
        foreach (var d in _dirs) try { Directory.Delete(d, true); } catch (IOException) { }
    }

    /// <summary>The whole synchronous path, signed request bytes to signed response bytes, through the host's intake.</summary>
    [Benchmark]
    public byte[] Request()
    {
        if (_next == Pool) NextPass();
        var result = _intake.ProcessAsync(_requests[_next++], DuisEndpoint.ServiceS).GetAwaiter().GetResult();
        AfterRequest();
        Accepted(result);
        return result.ResponseBytes!;
    }

    /// <summary>
    /// The measured path: signed request bytes through XSD and signature checks, replay, access control, transform,
    /// ACB MAC, the SQLite writes and dispatch to the in-memory publisher, stopping before the DSP-signed answer is built:
    /// <see cref="DuisIntake.TryAdmit"/>, then the decision through the <see cref="DecisionBatcher"/> as the intake does.
    /// </summary>
    [Benchmark]
    public DuisOutcome RequestToDecision()
    {
        if (_next == Pool) NextPass();
        if (!_intake.TryAdmit(_requests[_next++], DuisEndpoint.ServiceS, null, out var item, out var refused)) Accepted(refused);
        var result = _batcher.DecideAsync(item!).GetAwaiter().GetResult();
        AfterRequest();
        Accepted(result);
        return result;
    }

    /// <summary>Requests per batch in <see cref="RequestToDecisionBatched"/>.</summary>
    public const int Batch = 16;

    /// <summary>
    /// <see cref="RequestToDecision"/> for <see cref="Batch"/> requests at once, as the host's decision batcher runs them
    /// under load: intake of every body, then their replay checks, access control, transforms and writes in one store
    /// transaction (<see cref="DuisRequestProcessor.DecideBatchAsync"/>), then their dispatch. Reported per request.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public DuisOutcome[] RequestToDecisionBatched() => RequestBatch(Batch);

    /// <summary>
    /// Decides the next <paramref name="count"/> pre-signed requests as one batch (the paired-duis command's --batch): the
    /// intake of each (load, XSD, parse, XMLDSig, signer = originator) as it runs on each request's thread in the host,
    /// then the decisions, replay guard included, as one batch, as the host's <see cref="DecisionBatcher"/> forms them.
    /// </summary>
    public DuisOutcome[] RequestBatch(int count)
    {
        if (_next + count > Pool) NextPass();
        var items = new DuisBatchItem[count];
        for (var i = 0; i < count; i++)
        {
            if (!_intake.TryAdmit(_requests[_next + i], DuisEndpoint.ServiceS, null, out var item, out var refused)) Accepted(refused);
            items[i] = item!;
        }
        var results = _processor.DecideBatchAsync(items).GetAwaiter().GetResult();
        AfterBatch(count);
        foreach (var d in results) Accepted(d);
        return results;
    }

    // The pool moves on by a batch; the Sent marks are flushed each time it crosses a multiple of MarkBatch.
    private void AfterBatch(int count)
    {
        var before = _next;
        _next += count;
        if (before / MarkBatch != _next / MarkBatch) _marks!.Flush();
    }

    private static void Accepted(DuisOutcome d)
    {
        if (d.Kind != DuisOutcomeKind.Accepted) throw new InvalidOperationException($"{d.Kind} {d.ResponseCode}: {d.Reason}");
    }

    /// <summary>Stage: after intake (parsed request in hand): replay guard, access control, transform + ACB MAC, SQLite writes, dispatch.</summary>
    [Benchmark]
    public DuisOutcome AccessTransformStore()
    {
        if (_next == Pool) NextPass();
        var decision = _processor.DecideBatchAsync([new DuisBatchItem(_parsed[_next++], null, DuisEndpoint.ServiceS)]).GetAwaiter().GetResult()[0];
        AfterRequest();
        Accepted(decision);
        return decision;
    }

    /// <summary>Stage: SecureXml load + XSD validation.</summary>
    [Benchmark]
    public XmlDocument LoadAndXsd()
    {
        var doc = SecureXml.Load(_requests[0]);
        _schema.Validate(doc);
        return doc;
    }

    /// <summary>Stage: XMLDSig verification (exc-c14n, SHA-256, ECDSA P-256).</summary>
    [Benchmark]
    public DuisSignatureInfo VerifySignature() => DuisSignature.Verify(_loaded, _signers);

    /// <summary>Stage: the SignedXml-based reference verifier (what VerifySignature replaced), for comparison.</summary>
    [Benchmark]
    public DuisSignatureInfo VerifySignatureSignedXml() => DuisSignature.VerifyWithSignedXml(_loaded, _signers);

    /// <summary>Stage: building and DSP-signing the I99 response.</summary>
    [Benchmark]
    public XmlDocument SignResponse() => _writer.Synchronous(DuisRequestParser.Parse(_loaded).Header, "5.4", "I99");

    /// <summary>Stage: serialising the signed response to bytes.</summary>
    [Benchmark]
    public byte[] SignAndSerializeResponse() => DuisResponseWriter.Serialize(_writer.Synchronous(DuisRequestParser.Parse(_loaded).Header, "5.4", "I99"));

    /// <summary>Reference: one ECDSA P-256 verification (SHA-256 over a SignedInfo-sized message, raw r||s), key held.</summary>
    [Benchmark]
    public bool ReferenceEcdsaP256Verify() => BenchDuis.P256Verify(_userPublic, _signedInfo, _signedInfoSignature);

    /// <summary>Reference: one ECDSA P-256 signature of the same message, key held.</summary>
    [Benchmark]
    public byte[] ReferenceEcdsaP256Sign() => BenchDuis.P256Sign(_dsp.Key, _signedInfo);
}

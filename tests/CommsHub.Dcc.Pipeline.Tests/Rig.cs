using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// The adapter wired as the host would wire it, over SQLite in a temp folder: RTDS/ZAZ1 identities (supplier
/// 90B3D51F30010000 as IS/GS, network operator 90B3D51F30020000 as ED/GT), the RTDS devices on CHF 00DB1234567890A2
/// (ESME A0 with an import MPAN, GSME A1 with an MPRN, both Commissioned), in-memory MQTT and delivery.
/// </summary>
public sealed partial class Rig : IDisposable
{
    public const ulong Supplier = 0x90B3D51F30010000UL, NetworkOperator = 0x90B3D51F30020000UL;
    public const ulong Chf = RtdsTestIdentities.Chf, Esme = RtdsTestIdentities.Esme, Gsme = RtdsTestIdentities.Gsme;
    public const string ImportMpan = "1100000000011", Mprn = "3300000033";
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly Uri SupplierCallback = new("https://supplier.example/duis/responses");

    private static readonly Lazy<DirectoryKeyStore> SharedKeys = new(() => new DirectoryKeyStore(RtdsCorpus.KeystorePath));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-pipeline-" + Guid.NewGuid().ToString("N"));

    /// <param name="policy">The offline-hub policy of the processor and the sweeper.</param>
    /// <param name="startupGrace">Set: presence as with the embedded broker (hubs not seen since the rig was made are
    /// awaited this long, then offline); null: as with an external broker (hubs never heard of count as online).</param>
    public Rig(OfflineHubPolicy policy = OfflineHubPolicy.FailWithE20, TimeSpan? startupGrace = null)
    {
        Store = SqliteDccStore.Open(_dir);
        Clock = new ManualClock(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        Schema = DuisSchemaValidator.Shared(SharedData.PathOf("vectors/gbcs/duis"));
        Signers = new DuisSignerDirectory();
        SupplierSigner = UserSigner("90B3D51F30010000");
        NetworkOperatorSigner = UserSigner("90B3D51F30020000");
        Dsp = DuisSigner.Load(Key("dsp-xml-sign-90B3D51F30000002-ds.key"), Key("dsp-xml-sign-90B3D51F30000002-ds.pem"));
        DspDirectory = new DuisSignerDirectory();
        DspDirectory.Add(Dsp.Certificate);
        Writer = new DuisResponseWriter(Dsp, Clock);
        Transformer = new DuisTransformer(new NetGbcsCrypto(), SharedKeys.Value, RtdsTestIdentities.AccessControlBroker)
        {
            TransitionalCoS = RtdsTestIdentities.TransitionalCoS,
        };
        Presence = startupGrace is { } grace ? new HubPresence(grace, Clock) : new HubPresence();
        Dispatcher = new MqttCommandDispatcher(Mqtt, Store.PendingRequests, Presence);
        var http = new HttpCallbackDelivery(new HttpClient(Callback));
        http.SetCallback(Supplier, SupplierCallback);
        var delivery = new CompositeUserDelivery(new MqttUserDelivery(Mqtt), http, Delivery);
        Processor = new DuisRequestProcessor(Store, Schema, Signers, Transformer, Writer, Dispatcher,
            new DuisProcessorOptions { OfflinePolicy = policy, Presence = Presence, FallbackInventory = RtdsTestIdentities.CreateInventory() },
            time: Clock);
        Channels = delivery;
        Outbox = new UserOutbox(Store, delivery, time: Clock);
        Responses = new DuisAsyncResponses(Store, Writer, Outbox);
        Batcher = new DecisionBatcher(Processor);
        Intake = new DuisIntake(Batcher);
        Correlator = new ResponseCorrelator(Store, new NetGbcsCrypto(), SharedKeys.Value, RtdsTestIdentities.AccessControlBroker, Responses, Clock);
        Sweeper = new TimeoutSweeper(Store, Dispatcher, Presence, Responses,
            new TimeoutSweeperOptions { OfflinePolicy = policy }, Clock);
        Seed();
    }

    public IDccStore Store { get; }
    /// <summary>The SQLite store's folder (to open a second store over the same database, as another instance or after a restart would).</summary>
    public string DataDirectory => _dir;
    public ManualClock Clock { get; }
    public DuisSchemaValidator Schema { get; }
    public DuisSignerDirectory Signers { get; }
    public DuisSigner SupplierSigner { get; }
    public DuisSigner NetworkOperatorSigner { get; }
    public DuisSigner Dsp { get; }
    public DuisSignerDirectory DspDirectory { get; }
    public DuisResponseWriter Writer { get; }
    public DuisTransformer Transformer { get; }
    public HubPresence Presence { get; }
    public RecordingPublisher Mqtt { get; } = new();
    public RecordingDelivery Delivery { get; } = new();
    public RecordingHandler Callback { get; } = new();
    /// <summary>Every delivery channel together (MQTT, HTTP callback, <see cref="Delivery"/>), as the outbox uses them.</summary>
    public IUserDelivery Channels { get; }
    /// <summary>The outbox the correlator and the sweeper stage answers in.</summary>
    public UserOutbox Outbox { get; }
    /// <summary>Finishes requests for the correlator and the sweeper.</summary>
    public DuisAsyncResponses Responses { get; }
    public MqttCommandDispatcher Dispatcher { get; }
    public DuisRequestProcessor Processor { get; }
    /// <summary>Decides <see cref="Intake"/>'s requests, as the host's does.</summary>
    public DecisionBatcher Batcher { get; }
    /// <summary>The one intake, as the host runs it: every request through it is decided in a batch of <see cref="Batcher"/>.</summary>
    public DuisIntake Intake { get; }
    public ResponseCorrelator Correlator { get; }
    public TimeoutSweeper Sweeper { get; }

    public static string Key(string file) => SharedData.PathOf(Path.Combine("vectors/gbcs/duis/signing-keys", file));

    public static byte[] Rtds(string file) => Convert.FromHexString(File.ReadAllText(SharedData.PathOf(Path.Combine(RtdsCorpus.MessagesFolder, file))).Trim());

    private DuisSigner UserSigner(string eui)
    {
        var signer = DuisSigner.Load(Key($"xml-sign-{eui}-ds.key"), Key($"xml-sign-{eui}-ds.pem"));
        Signers.Add(signer.Certificate);
        return signer;
    }

    private static XmlSignIdentity IdentityOf(X509Certificate2 c) =>
        new(X509IssuerNames.Format(c.IssuerName), DuisSignerDirectory.SerialOf(c).ToString("X"));

    private void Seed()
    {
        Store.Users.Upsert(new DccUser(Supplier, "GITTESTSUPPLIER", new HashSet<UserRole> { UserRole.ImportSupplier, UserRole.GasSupplier },
            UserStatus.Active, IdentityOf(SupplierSigner.Certificate)));
        Store.Users.Upsert(new DccUser(NetworkOperator, "network operator", new HashSet<UserRole> { UserRole.ElectricityDistributor, UserRole.GasTransporter },
            UserStatus.Active, IdentityOf(NetworkOperatorSigner.Certificate)));
        Store.Inventory.Upsert(new InventoryDevice(Chf, DeviceType.Chf, SmiStatus.Commissioned, Epoch, [], null));
        Store.Inventory.Upsert(new InventoryDevice(Esme, DeviceType.Esme, SmiStatus.Commissioned, Epoch, [ImportMpan], Chf));
        Store.Inventory.Upsert(new InventoryDevice(Gsme, DeviceType.Gsme, SmiStatus.Commissioned, Epoch, [Mprn], Chf));
        Store.Registration.Add(new RegistrationPeriod(ImportMpan, UserRole.ImportSupplier, Supplier, Epoch, null));
        Store.Registration.Add(new RegistrationPeriod(ImportMpan, UserRole.ElectricityDistributor, NetworkOperator, Epoch, null));
        Store.Registration.Add(new RegistrationPeriod(Mprn, UserRole.GasSupplier, Supplier, Epoch, null));
        Store.Registration.Add(new RegistrationPeriod(Mprn, UserRole.GasTransporter, NetworkOperator, Epoch, null));
    }

    /// <summary>An RTDS DUIS template with the originator and counter set, the placeholder signature replaced by a real one.</summary>
    public byte[] Signed(string template, ulong? counter = null, DuisSigner? signer = null, ulong? originator = null, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(SharedData.PathOf(Path.Combine("vectors/gbcs/duis/templates", template)));
        if (edit is not null) text = edit(text);
        text = SignatureElement().Replace(text, "");
        text = RequestIdPattern().Replace(text, m =>
        {
            var orig = originator is { } o ? RequestId.FormatEui(o) : m.Groups[1].Value;
            return $"<sr:RequestID>{orig}:{m.Groups[2].Value}:{counter?.ToString() ?? m.Groups[3].Value}</sr:RequestID>";
        });
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(text);
        DuisSignature.Sign(doc, signer ?? SupplierSigner);
        return DuisResponseWriter.Serialize(doc);
    }

    /// <summary>Loads delivered XML and checks it the way a user would: XSD-valid and signed by the DSP.</summary>
    public XmlDocument CheckedResponse(byte[] xml)
    {
        var doc = SecureXml.Load(xml, SecureXmlOptions.Duis);
        Schema.Validate(doc);
        DuisSignature.Verify(doc, DspDirectory);
        return doc;
    }

    public static string? Field(XmlDocument doc, string localName) =>
        doc.GetElementsByTagName(localName, DuisNamespaces.ServiceUserGateway) is { Count: > 0 } list ? list[0]!.InnerText : null;

    public static string UpTopic(ulong hub) => Protocol.Wan.WanTopics.Up(hub);

    public static string DownTopic(ulong hub) => Protocol.Wan.WanTopics.Down(hub);

    /// <summary>Signed 4.1.1 reads (ECS17b) from the supplier with these counters, each accepted: the pending requests and
    /// their synchronous answers (I99).</summary>
    public async Task<(PendingRequest Request, byte[] I99)[]> AcceptedReads(params ulong[] counters)
    {
        var accepted = new List<(PendingRequest, byte[])>();
        foreach (var counter in counters)
        {
            var outcome = await Intake.ProcessAsync(Signed("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", counter), DuisEndpoint.ServiceS);
            if (outcome.Kind != DuisOutcomeKind.Accepted) throw new InvalidOperationException($"read {counter} not accepted: {outcome.Kind} {outcome.Reason}");
            accepted.Add((Store.PendingRequests.Find(outcome.PendingRequestId!)!, outcome.ResponseBytes!));
        }
        return [.. accepted];
    }

    public int PendingCount() => Enum.GetValues<PendingState>().Sum(s => Store.PendingRequests.InState(s, 1000).Count);

    /// <summary>An intake in front of another processor (another instance's, or one over another store).</summary>
    public static DuisIntake IntakeFor(DuisRequestProcessor processor) => new(new DecisionBatcher(processor));

    public void Dispose()
    {
        Batcher.Dispose();
        Store.Dispose();
        Dsp.Dispose();
        SupplierSigner.Dispose();
        NetworkOperatorSigner.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"<ds:Signature[\s\S]*?</ds:Signature>")]
    private static partial Regex SignatureElement();

    [GeneratedRegex(@"<sr:RequestID>([0-9A-Fa-f-]{23}):([0-9A-Fa-f-]{23}):(\d+)</sr:RequestID>")]
    private static partial Regex RequestIdPattern();
}

namespace CommsHub.Cloud.Configuration;

/// <summary>
/// The service's settings, section <c>CommsHub</c>: from appsettings.json, then environment variables
/// (<c>COMMSHUB__MQTT__PORT=1884</c>), then the command line (<c>--CommsHub:Mqtt:Port=1884</c> or the short
/// switches in <see cref="CommandLineSwitches"/>). Later sources win.
/// </summary>
public sealed class CommsHubOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CommsHub";

    /// <summary>Where identities, credentials and (later) the database live; relative paths are under the working directory. Created if missing.</summary>
    public string DataDirectory { get; set; } = "./.data";

    /// <summary>HTTP settings.</summary>
    public HttpSettings Http { get; set; } = new();

    /// <summary>Embedded MQTT broker settings.</summary>
    public MqttSettings Mqtt { get; set; } = new();

    /// <summary>DUIS intake settings.</summary>
    public DuisSettings Duis { get; set; } = new();

    /// <summary>Which identity set the service runs with.</summary>
    public IdentitySettings Identity { get; set; } = new();

    /// <summary>Where the adapter's state (users, registration, inventory, counters, audit, pending requests) lives.</summary>
    public StorageSettings Storage { get; set; } = new();

    /// <summary>Dispatch to hubs: response timeout, offline-hub policy, sweeper interval.</summary>
    public DispatchSettings Dispatch { get; set; } = new();

    /// <summary>The <c>--demo</c> launcher: virtual hubs with virtual meters in this process.</summary>
    public DemoSettings Demo { get; set; } = new();

    /// <summary>Threshold Anomaly Detection (SEC-DCC.md §1.5): window, default and per user/SRV thresholds.</summary>
    public AnomalySettings Anomaly { get; set; } = new();

    /// <summary>Who may use the operator API (<c>/api/v1/operator/...</c>).</summary>
    public OperatorSettings Operator { get; set; } = new();

    /// <summary>
    /// HTTP callback URL per user (key: User ID, 16 hex digits): asynchronous DUIS responses and alerts are POSTed there
    /// as well as published on the user's MQTT responses topic.
    /// </summary>
    public Dictionary<string, string> Callbacks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Short command-line switches and the keys they set.</summary>
    public static IDictionary<string, string> CommandLineSwitches { get; } = new Dictionary<string, string>
    {
        ["--data-dir"] = $"{Section}:DataDirectory",
        ["--http-url"] = $"{Section}:Http:Url",
        ["--mqtt-port"] = $"{Section}:Mqtt:Port",
        ["--mqtt-address"] = $"{Section}:Mqtt:Address",
        ["--mqtt-tls-port"] = $"{Section}:Mqtt:Tls:Port",
        ["--mqtt-mode"] = $"{Section}:Mqtt:Mode",
        ["--mqtt-host"] = $"{Section}:Mqtt:External:Host",
        ["--mqtt-client-id"] = $"{Section}:Mqtt:External:ClientId",
        ["--duis-schemas"] = $"{Section}:Duis:SchemaDirectory",
        ["--identity"] = $"{Section}:Identity:Mode",
        ["--vectors"] = $"{Section}:Identity:VectorsDirectory",
        ["--postgres"] = $"{Section}:Storage:PostgresConnectionString",
        ["--offline-policy"] = $"{Section}:Dispatch:OfflinePolicy",
        ["--response-timeout"] = $"{Section}:Dispatch:ResponseTimeoutSeconds",
        ["--demo-hubs"] = $"{Section}:Demo:Hubs",
    };

    /// <summary>Value-less flags and the key each sets to true.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = new Dictionary<string, string>
    {
        ["--demo"] = $"{Section}:Demo:Enabled",
        ["--mqtt-tls"] = $"{Section}:Mqtt:Tls:Enabled",
    };

    /// <summary>
    /// Rewrites value-less flags into configuration keys (<c>--demo</c> becomes <c>--CommsHub:Demo:Enabled=true</c>):
    /// the configuration command-line provider only maps switches that carry a value.
    /// </summary>
    public static string[] ExpandFlags(string[] args) =>
        args.Select(a => Flags.TryGetValue(a, out var key) ? $"--{key}=true" : a).ToArray();
}

/// <summary>HTTP listener settings.</summary>
public sealed class HttpSettings
{
    /// <summary>The URL Kestrel listens on (port 0 picks a free port).</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Largest DUIS request body accepted, in bytes; larger ones get 413. Default 1 MiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Where the adapter's MQTT traffic goes: <see cref="MqttSettings.Mode"/>.</summary>
public enum MqttMode
{
    /// <summary>The in-process MQTTnet broker (the default; a rig or a small fleet).</summary>
    Embedded,
    /// <summary>An MQTT 5 broker of its own (Mosquitto, EMQX, HiveMQ, VerneMQ): the adapter is a client of it, and several
    /// instances share the hubs' and users' traffic through shared subscriptions (DESIGN.md Scale-out).</summary>
    External,
}

/// <summary>MQTT settings: the embedded broker's, or the external broker's in <see cref="External"/>.</summary>
public sealed class MqttSettings
{
    /// <summary><c>Embedded</c> (default) or <c>External</c>.</summary>
    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>The external broker (used when <see cref="Mode"/> is <see cref="MqttMode.External"/>).</summary>
    public ExternalBrokerSettings External { get; set; } = new();

    /// <summary>
    /// How many published requests, up frames and statuses may wait for the adapter (the inbox between the MQTT side and
    /// the adapter); when it is full the broker, or the external client, holds back further messages.
    /// </summary>
    public int InboxCapacity { get; set; } = Mqtt.Inbound.MqttInbox.DefaultCapacity;

    /// <summary>
    /// Threads the adapter reads its inbox on (1 or 2; default 1). With 1, one pass's
    /// handlers and then its gathered commits run on one thread, one pass after another (at most one core); with 2, the
    /// next pass's intake (parse, schema, signature) runs while the previous pass commits and answers.
    /// </summary>
    public int InboxThreads { get; set; } = Adapter.MqttInboxReader.DefaultThreads;

    /// <summary>
    /// Threads the order-free part of the DUIS requests' intake (load, XSD, header, XMLDSig; no replay counter, no store)
    /// runs on, for the requests one inbox pass reads, the reader's own thread included (1..64; default 1: each request's
    /// intake runs in its turn on the reader's thread, unless <see cref="IntakeOnPost"/> did it already). The counters, decisions and commits stay in each user's send order on the
    /// reader's thread either way.
    /// </summary>
    public int IntakeThreads { get; set; } = Adapter.MqttInboxReader.DefaultIntakeThreads;

    /// <summary>
    /// With the embedded broker: run the order-free part of a DUIS request's intake (load, XSD, header, XMLDSig) on the
    /// publishing client's own thread as the broker hands the request to the inbox, so that it leaves the inbox reader's
    /// thread and the clients' requests are checked side by side; the counters, decisions and commits stay in each user's
    /// send order on the reader's thread. Ignored with an external broker. On by default: on the quiet 2-core machine it
    /// was the only setting ahead of the base in both throughput and p99 in every alternated run (BENCHMARKS.md, "End to
    /// end"); it takes the reader off one core, since the intake then runs on the broker's client threads.
    /// </summary>
    public bool IntakeOnPost { get; set; } = true;

    /// <summary>Run the embedded broker (an external broker is the path past a few hundred hubs, DESIGN.md Scale-out).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The address the plain TCP endpoint binds to. Loopback by default: username/password travel in clear there, so
    /// networks beyond the machine should use the TLS endpoint (<see cref="Tls"/>).
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (printed at start).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Listen on the plain TCP endpoint (<see cref="Address"/>:<see cref="Port"/>). On by default; the demo needs it.</summary>
    public bool PlainEndpoint { get; set; } = true;

    /// <summary>The optional TLS endpoint.</summary>
    public MqttTlsSettings Tls { get; set; } = new();

    /// <summary>
    /// Largest PUBLISH a hub may send (topic, payload and properties), in bytes; a larger one is dropped and the hub
    /// disconnected. Default 68 KiB: a hub's outbox frame is at most 65,535 bytes, plus room for topic and properties.
    /// </summary>
    public int MaxHubPacketBytes { get; set; } = 68 * 1024;

    /// <summary>
    /// Largest PUBLISH any other client may send, in bytes; a larger one is dropped and the client disconnected.
    /// Default 1 MiB + 4 KiB: a DUIS request body of <see cref="HttpSettings.MaxRequestBodyBytes"/> plus topic and
    /// properties. A DUIS request on MQTT is held to <see cref="HttpSettings.MaxRequestBodyBytes"/> as well.
    /// </summary>
    public int MaxPacketBytes { get; set; } = 1024 * 1024 + 4 * 1024;

    /// <summary>
    /// The embedded broker reads each connection in blocks of <see cref="ReadBlockBytes"/> and writes each packet in one
    /// piece (<see cref="Mqtt.BufferedMqttServerAdapter"/>), instead of MQTTnet's own transport, which makes a socket read
    /// per packet header, length byte and body and two writes per PUBLISH: about 20 socket calls per bench request become
    /// 8. On by default; false selects MQTTnet's transport (docs/bench/perf-srvchan.md, perf-srvchan2.md).
    /// </summary>
    public bool BufferedTransport { get; set; } = true;

    /// <summary>Bytes the buffered transport reads from a connection at most per call (1 KiB..1 MiB; default 16 KiB).</summary>
    public int ReadBlockBytes { get; set; } = CommsHub.Protocol.Net.Mqtt.BufferedMqttChannel.DefaultBlockSize;

    /// <summary>
    /// How long the embedded broker keeps a hub's session (its subscription and the commands it has not acknowledged)
    /// after the hub's connection ends, in seconds (0..604800; default 3600); the hub's own Session Expiry Interval, if
    /// shorter, applies. Only a hub's own connection (client id = its EUI, clean start false) has its session kept; users'
    /// and second connections' sessions end with the connection (<see cref="Mqtt.BrokerSessionKeeper"/>). 0: no session
    /// is kept, and a command unacknowledged when a hub's connection drops is lost (E21 at its deadline).
    /// </summary>
    public int HubSessionExpirySeconds { get; set; } = 3600;
}

/// <summary>
/// The external broker the adapter connects to as an MQTT 5 client (<see cref="MqttMode.External"/>): a persistent
/// session (clean start false, <see cref="SessionExpirySeconds"/>), so QoS 1 messages wait for it across a reconnect;
/// shared subscriptions <c>$share/{ShareGroup}/chub/+/up</c> and <c>$share/{ShareGroup}/dcc/users/+/requests</c>, so
/// instances with the same group split the load; <c>chub/+/status</c> on its own (every instance needs every hub's presence).
/// </summary>
public sealed class ExternalBrokerSettings
{
    /// <summary>The broker's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The broker's port; unset: 8883 with TLS, 1883 without.</summary>
    public int? Port { get; set; }

    /// <summary>Connect over TLS.</summary>
    public ExternalBrokerTlsSettings Tls { get; set; } = new();

    /// <summary>The username (default <c>adapter</c>, the adapter's account in the generated password file).</summary>
    public string Username { get; set; } = Mqtt.MqttCredentials.AdapterUser;

    /// <summary>The password; unset: the adapter's secret in <c>mqtt/credentials.json</c> under the data directory.</summary>
    public string? Password { get; set; }

    /// <summary>The client id; each instance needs its own (the broker keeps the session under it).</summary>
    public string ClientId { get; set; } = "commshub-adapter";

    /// <summary>
    /// The shared-subscription group; instances with the same group share the requests and up frames. Unset: a name derived
    /// from the adapter's password (<see cref="Mqtt.External.ExternalBrokerTopics.SecretShareGroup"/>), so the instances of
    /// one deployment agree on it and nobody else can name it. A broker that grants any subscription (Mosquitto's
    /// <c>acl_file</c> checks only delivery) lets a user who knows the group join it, and the broker then hands that user,
    /// and drops, its round-robin share of every request and up frame: set a name here only if it is as secret as a password.
    /// (The set-up <c>broker mosquitto-config</c> writes refuses any <c>$share/...</c> subscription but the adapter's.)
    /// </summary>
    public string? ShareGroup { get; set; }

    /// <summary>
    /// How long the broker may hold a publish it has acknowledged only in memory, in seconds (default 90). Mosquitto saves
    /// what it holds every <c>autosave_interval</c> (60 in the generated config), so a crash loses what it acknowledged
    /// since: an outcome it took for a user is kept in the outbox this long, and sent again on every (re)connect within it
    /// (users drop the repeats by RequestID). Keep it above the broker's save interval; 0 only for a broker that persists a
    /// message before it acknowledges it.
    /// </summary>
    public int UnsavedWindowSeconds { get; set; } = 90;

    /// <summary>How long the broker keeps the session (and its QoS 1 messages) while the instance is away, in seconds.</summary>
    public int SessionExpirySeconds { get; set; } = 3600;

    /// <summary>MQTT 5 Receive Maximum: how many unacknowledged messages the broker may send the instance at once.</summary>
    public int ReceiveMaximum { get; set; } = 512;

    /// <summary>Bound on connect and subscribe, in seconds.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Take over a gone instance's session (its last will says so) to handle what the broker holds for it: the online
    /// instance with the lowest client id drains it and deletes it. On by default; off, a dead instance's share waits in
    /// its session until it comes back under the same client id.
    /// </summary>
    public bool AdoptPeerSessions { get; set; } = true;

    /// <summary>The port in effect.</summary>
    public int EffectivePort => Port ?? (Tls.Enabled ? 8883 : 1883);
}

/// <summary>TLS towards the external broker.</summary>
public sealed class ExternalBrokerTlsSettings
{
    /// <summary>Use TLS (1.2 or 1.3).</summary>
    public bool Enabled { get; set; }

    /// <summary>PEM file of the CA certificates the broker's certificate must chain to; unset: the system's trust store.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate, for a broker that asks for one (with <see cref="KeyFile"/>).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }
}

/// <summary>
/// The broker's TLS endpoint. Its server certificate is minted from the test SMKI's root CA under the data directory
/// (<c>mqtt/tls/broker.pem|key</c>), so a client trusts it by trusting <c>smki/ca/root.pem</c>.
/// </summary>
public sealed class MqttTlsSettings
{
    /// <summary>Listen for MQTT over TLS. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>The address the TLS endpoint binds to; unset: <see cref="MqttSettings.Address"/>.</summary>
    public string? Address { get; set; }

    /// <summary>TLS port; 0 picks a free one (printed at start).</summary>
    public int Port { get; set; } = 8883;

    /// <summary>
    /// Host names and IP addresses the server certificate names, besides <c>localhost</c>, the machine name, the
    /// loopback addresses and the bound address. Clients check the name they connected to against it.
    /// </summary>
    public List<string> HostNames { get; set; } = [];

    /// <summary>
    /// Require a client certificate chaining to <see cref="ClientCaFile"/>; the party is then the EUI the certificate
    /// names (a hub's device certificate or a user's organisation certificate, digitalSignature usage), no password.
    /// </summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>
    /// PEM file with the CA certificates client certificates must chain to: self-signed ones are the trust anchors, the
    /// others intermediates. Unset: the test SMKI's root and issuing CA.
    /// </summary>
    public string? ClientCaFile { get; set; }
}

/// <summary>Operator API access.</summary>
public sealed class OperatorSettings
{
    /// <summary>
    /// The bearer token requests must carry (<c>Authorization: Bearer &lt;token&gt;</c>), at least 16 characters. Unset:
    /// the token in <c>operator-token</c> under the data directory, generated on the first start.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Also refuse (403) operator requests from non-loopback addresses, token or not. Off by default: the token is the
    /// check, so an operator can reach the API wherever <c>Http:Url</c> listens.
    /// </summary>
    public bool LoopbackOnly { get; set; }
}

/// <summary>DUIS intake settings.</summary>
public sealed class DuisSettings
{
    /// <summary>Folder with the DUIS 5.4 schemas; null uses <c>DuisSchemaLocator.ResolveDefault()</c>.</summary>
    public string? SchemaDirectory { get; set; }
}

/// <summary>Which identities (PKI, users, hubs) the service uses.</summary>
public enum IdentityMode
{
    /// <summary>A test SMKI minted under the data directory on first start and reused afterwards.</summary>
    Minted,
    /// <summary>The DCC Boxed ZAZ1 / RTDS identities from the reference vectors, for conformance runs.</summary>
    Rtds,
}

/// <summary>Identity settings.</summary>
public sealed class IdentitySettings
{
    /// <summary><c>minted</c> (default) or <c>rtds</c>.</summary>
    public IdentityMode Mode { get; set; } = IdentityMode.Minted;

    /// <summary>The <c>vectors/gbcs</c> folder for <see cref="IdentityMode.Rtds"/>; null finds <c>../shared/vectors/gbcs</c> beside the checkout.</summary>
    public string? VectorsDirectory { get; set; }
}

/// <summary>Storage settings.</summary>
public sealed class StorageSettings
{
    /// <summary>Npgsql connection string; when set the store is PostgreSQL, otherwise SQLite (<c>commshub.db</c> in the data directory).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The SQLite store's settings (durability, writer queue and group commit, checkpoints, cache).</summary>
    public CommsHub.Dcc.Storage.Sql.SqliteStoreOptions Sqlite { get; set; } = new();

    /// <summary>
    /// How often the running adapter reads the database's schema step, in seconds (default 10; 1..3600). Start-up refuses
    /// a database newer than the code; this catches a newer adapter version upgrading the shared database while this one
    /// runs (a rolling upgrade): the adapter then refuses new requests (503, MQTT PUBACK refusal) and stops, leaving what
    /// it accepted in the store for the newer instances (<c>SchemaWatchService</c>).
    /// </summary>
    public int SchemaCheckSeconds { get; set; } = 10;
}

/// <summary>Dispatch settings.</summary>
public sealed class DispatchSettings
{
    /// <summary>
    /// Requests for a hub that is offline: <c>E20</c> (answer E20 at the next sweep, the default) or <c>queue</c> (hold
    /// them until the hub comes back, for at most <see cref="MaxQueueSeconds"/>).
    /// </summary>
    public string OfflinePolicy { get; set; } = "E20";

    /// <summary>How long a dispatched command waits for the device before E21, in seconds.</summary>
    public int ResponseTimeoutSeconds { get; set; } = 60;

    /// <summary>How long a request may wait queued for an offline hub (policy <c>queue</c>), in seconds.</summary>
    public int MaxQueueSeconds { get; set; } = 3600;

    /// <summary>How often the sweeper looks for overdue and releasable requests, in milliseconds.</summary>
    public int SweepIntervalMilliseconds { get; set; } = 2000;

    /// <summary>
    /// With the embedded broker (<see cref="MqttMode.Embedded"/>), how long after the adapter starts a hub it has not yet
    /// seen online is waited for, in seconds (default <see cref="DefaultHubReconnectGraceSeconds"/>; 0..3600).
    /// The embedded broker lives in the adapter's process, so after a restart no hub has a session until it reconnects:
    /// a request for such a hub is held meanwhile (neither published to nobody nor answered E20) and published as soon
    /// as the hub announces itself online; its deadline is extended by what is left of the grace. After the grace a hub
    /// still unseen counts as offline (<see cref="OfflinePolicy"/> applies: E20, or held under <c>queue</c>); 0: at once.
    /// Set below the hubs' longest reconnect delay, a hub that backed off to it during an outage of the adapter arrives
    /// after the grace and its requests are answered E20 in between. Not used with an external broker, which keeps
    /// each hub's persistent session across the adapter's restart: there a hub never heard of counts as online.
    /// </summary>
    public int HubReconnectGraceSeconds { get; set; } = DefaultHubReconnectGraceSeconds;

    /// <summary>
    /// Default of <see cref="HubReconnectGraceSeconds"/>: 330 s. The adapter cannot tell a hub that is gone from one
    /// still backing off, so, as a broker waits 1.5 keep-alives before it calls a client gone, it waits out the hubs'
    /// longest reconnect delay: the firmware's 300 s (<c>WanLinkOptions.BackoffMaxMs</c>, reached after some minutes
    /// without a broker; its jitter only shortens a delay) plus 30 s for that attempt (the host transport's 10 s
    /// connect timeout, the online status) and for the adapter's own start before its broker listens. The hubs keep
    /// their long cap: it spreads a fleet's reconnections after an outage. The price is that a hub really gone is
    /// answered E20 only 330 s after a start; lower the grace where hubs are configured with a shorter cap.
    /// </summary>
    public const int DefaultHubReconnectGraceSeconds = 330;

    /// <summary>
    /// How long a finished request is kept past its deadline before the sweeper deletes it, in hours (default 168, a
    /// week; 0: kept for ever). The audit trail keeps every decision regardless.
    /// </summary>
    public int FinishedRetentionHours { get; set; } = 168;

    /// <summary>
    /// How long after an unconfirmed delivery (no callback 2xx, no PUBACK from the user's MQTT client) a response or
    /// alert is sent again, in seconds (default 10); each later attempt waits twice as long, up to
    /// <see cref="OutboxMaxRetrySeconds"/>.
    /// </summary>
    public int OutboxFirstRetrySeconds { get; set; } = 10;

    /// <summary>The longest wait between two deliveries of one response or alert, in seconds (default 300).</summary>
    public int OutboxMaxRetrySeconds { get; set; } = 300;

    /// <summary>
    /// How long a response or alert that its user never collects is kept, in hours (default 168, a week); then it is
    /// deleted and the deletion logged as an error.
    /// </summary>
    public int OutboxRetentionHours { get; set; } = 168;

    /// <summary>
    /// Memory for matching users' MQTT PUBACKs to the responses and alerts awaiting them, in MiB over all users (default
    /// 64). Past it the oldest are no longer matched: each of those is sent again once at its next retry (a repeat the
    /// user drops) and then deleted by its own PUBACK; nothing is lost.
    /// </summary>
    public int OutboxAwaitedMegabytes { get; set; } = 64;

    /// <summary>How often the outbox looks for responses and alerts due to be sent again, in milliseconds (default 1000).</summary>
    public int OutboxIntervalMilliseconds { get; set; } = 1000;

    /// <summary>A user whose oldest uncollected response or alert has waited longer than this, in seconds, gets a warning
    /// line every 30 s (default 300).</summary>
    public int OutboxWarnAfterSeconds { get; set; } = 300;

    /// <summary>The outbox settings as the library's options (after validation), for the MQTT transport in
    /// <paramref name="mqtt"/>: on an external broker, what it acknowledges is kept for its unsaved window.</summary>
    public CommsHub.Dcc.Dispatch.UserOutboxOptions OutboxOptionsFor(MqttSettings mqtt)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        return new()
        {
            FirstRetry = TimeSpan.FromSeconds(OutboxFirstRetrySeconds),
            MaxRetry = TimeSpan.FromSeconds(Math.Max(OutboxMaxRetrySeconds, OutboxFirstRetrySeconds)),
            Retention = TimeSpan.FromHours(OutboxRetentionHours),
            AwaitedBytesLimit = Math.Max(0, OutboxAwaitedMegabytes) * 1024L * 1024,
            BrokerUnsavedWindow = mqtt.Mode == MqttMode.External ? TimeSpan.FromSeconds(mqtt.External.UnsavedWindowSeconds) : TimeSpan.Zero,
        };
    }

    /// <summary>
    /// Requests decided together at most, in one store transaction, when they arrive faster than they are decided
    /// (default 32; 1: each alone). A request that finds no other waiting is decided at once: batching adds no wait.
    /// </summary>
    public int MaxDecisionBatch { get; set; } = CommsHub.Dcc.Pipeline.DecisionBatcher.DefaultMaxBatch;

    /// <summary>The policy as the library's enum (after validation).</summary>
    public CommsHub.Dcc.Dispatch.OfflineHubPolicy Policy =>
        string.Equals(OfflinePolicy, "queue", StringComparison.OrdinalIgnoreCase)
            ? CommsHub.Dcc.Dispatch.OfflineHubPolicy.Queue
            : CommsHub.Dcc.Dispatch.OfflineHubPolicy.FailWithE20;
}

/// <summary>The demo launcher's settings.</summary>
public sealed class DemoSettings
{
    /// <summary>Start virtual hubs in this process (<c>--demo</c>). Needs the minted identities.</summary>
    public bool Enabled { get; set; }

    /// <summary>How many virtual hubs (each with an ESME and a GSME); at most the number of minted demo hubs.</summary>
    public int Hubs { get; set; } = 2;

    /// <summary>
    /// Join each hub's meters on start by sending the supplier's 8.11 (CCS01) through the adapter, as an installer would.
    /// Tests switch it off to drive 8.11 themselves.
    /// </summary>
    public bool JoinMeters { get; set; } = true;

    /// <summary>
    /// Frames each virtual hub's WAN outbox holds (default 64, the hub's flash default). Smaller makes the hubs hold
    /// back the WAN sooner under load (tests of flow control); the flash layout is the same.
    /// </summary>
    public int OutboxCapacity { get; set; } = CommsHub.Firmware.Host.Storage.HubFlash.OutboxCapacity;
}

/// <summary>Anomaly detection thresholds, mapped onto the library's <see cref="CommsHub.Dcc.Access.AnomalyOptions"/>.</summary>
public sealed class AnomalySettings
{
    /// <summary>Length of the sliding window (<c>hh:mm:ss</c>).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests per user and SRV allowed within the window when no threshold applies.</summary>
    public int DefaultMaxRequests { get; set; } = 10_000;

    /// <summary>Specific thresholds; the most specific match wins (user+SRV, then user, then SRV, then the default).</summary>
    public List<AnomalyThresholdSettings> Thresholds { get; set; } = [];

    /// <summary>
    /// Where requests are counted: <c>InProcess</c> (one adapter instance) or <c>Shared</c> (in the database, for several
    /// instances on one database, so a user spreading requests over them trips the threshold at the total). Unset: Shared
    /// on PostgreSQL (the store several instances share), InProcess on SQLite (one instance's file).
    /// </summary>
    public CommsHub.Dcc.Access.AnomalyCounting? Counting { get; set; }

    /// <summary>Bucket width of <c>Shared</c> counting (<c>hh:mm:ss</c>); unset: <see cref="Window"/> / 60.</summary>
    public TimeSpan? BucketWidth { get; set; }

    /// <summary>
    /// The library options (after validation: User IDs are 16 upper-case hex digits); <paramref name="sharedStore"/> says
    /// whether the store is one that several instances share (PostgreSQL), for an unset <see cref="Counting"/>.
    /// </summary>
    public CommsHub.Dcc.Access.AnomalyOptions ToOptions(bool sharedStore = false) => new()
    {
        Window = Window,
        DefaultMaxRequests = DefaultMaxRequests,
        Counting = Counting ?? (sharedStore ? CommsHub.Dcc.Access.AnomalyCounting.Shared : CommsHub.Dcc.Access.AnomalyCounting.InProcess),
        BucketWidth = BucketWidth,
        Thresholds = Thresholds.Select(t => new CommsHub.Dcc.Access.AnomalyThreshold
        {
            UserEui = string.IsNullOrEmpty(t.UserEui)
                ? null
                : ulong.Parse(t.UserEui, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture),
            Srv = string.IsNullOrEmpty(t.Srv) ? null : t.Srv,
            MaxRequests = t.MaxRequests,
        }).ToList(),
    };
}

/// <summary>One anomaly threshold: for a user (all SRVs when <see cref="Srv"/> is unset), an SRV (all users when <see cref="UserEui"/> is unset) or both.</summary>
public sealed class AnomalyThresholdSettings
{
    /// <summary>User ID, 16 upper-case hex digits; unset: every user.</summary>
    public string? UserEui { get; set; }

    /// <summary>Service Reference Variant (<c>4.1.1</c>); unset: every SRV.</summary>
    public string? Srv { get; set; }

    /// <summary>Most requests allowed within the window; one more quarantines.</summary>
    public int MaxRequests { get; set; }
}

using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Identity;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Seeding;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// The composition of the DCC adapter library in the host: store (SQLite by default, PostgreSQL by option) seeded from
/// the identity set, the DUIS intake and request processor with its decision batcher, dispatch over MQTT (<see cref="IMqttPublisher"/>: the embedded broker or an external one, <see cref="MqttTransport"/>),
/// response correlation, the durable outbox of user outcomes delivered by HTTP callback and MQTT, presence and the timeout
/// sweeper.
/// </summary>
public static class AdapterServices
{
    /// <summary>Registers everything; <paramref name="dataDirectory"/> holds the SQLite file.</summary>
    public static void Add(IServiceCollection services, CommsHubOptions options, IdentitySet identities, string dataDirectory)
    {
        var dispatch = options.Dispatch;
        services.AddSingleton<IDccStore>(sp =>
        {
            var storeLog = sp.GetRequiredService<ILoggerFactory>().CreateLogger("CommsHub.Dcc.Storage");
            IDccStore store = string.IsNullOrWhiteSpace(options.Storage.PostgresConnectionString)
                ? SqliteDccStore.Open(dataDirectory, options.Storage.Sqlite, storeLog)
                : PostgresDccStore.Open(options.Storage.PostgresConnectionString, logger: storeLog);
            if (store is SqliteDccStore sqlite) sp.GetRequiredService<AdapterMetrics>().ObserveStore(sqlite);
            StoreSeeder.Seed(store, identities, StoreSeeder.PlanFor(identities));
            return store;
        });
        services.AddSingleton<ICounterStore>(sp => sp.GetRequiredService<IDccStore>().Counters);
        services.AddSingleton<IGbcsKeyStore>(_ => new DirectoryKeyStore(identities.KeysDirectory));
        services.AddSingleton<AdapterMetrics>();
        services.AddSingleton(sp => new DuisResponseWriter(identities.DspSigner, sp.GetRequiredService<TimeProvider>()));
        // The embedded broker has no hub's session after a restart: unseen hubs are awaited for the grace, then offline. An
        // external broker keeps their sessions, so there a hub never heard of counts as online.
        services.AddSingleton(sp => options.Mqtt.Mode == MqttMode.Embedded
            ? new HubPresence(TimeSpan.FromSeconds(dispatch.HubReconnectGraceSeconds), sp.GetRequiredService<TimeProvider>())
            : new HubPresence());
        // Sent marks are group-committed (every 20 ms) rather than written by each request; disposed before the store.
        services.AddSingleton(sp => new SentMarks(sp.GetRequiredService<IDccStore>()));
        services.AddSingleton(sp => new MqttCommandDispatcher(sp.GetRequiredService<IMqttPublisher>(),
            sp.GetRequiredService<IDccStore>().PendingRequests, sp.GetRequiredService<HubPresence>(), sp.GetRequiredService<SentMarks>()));
        services.AddSingleton(sp => new DuisRequestProcessor(
            sp.GetRequiredService<IDccStore>(),
            sp.GetRequiredService<DuisSchemaValidator>(),
            identities.Signers,
            new DuisTransformer(new NetGbcsCrypto(), sp.GetRequiredService<IGbcsKeyStore>(), identities.DccEui),
            sp.GetRequiredService<DuisResponseWriter>(),
            sp.GetRequiredService<MqttCommandDispatcher>(),
            new DuisProcessorOptions
            {
                Xml = new SecureXmlOptions { MaxCharacters = options.Http.MaxRequestBodyBytes, RootNames = [DuisNamespaces.RequestRoot] },
                Presence = sp.GetRequiredService<HubPresence>(),
                OfflinePolicy = dispatch.Policy,
                ResponseTimeout = TimeSpan.FromSeconds(dispatch.ResponseTimeoutSeconds),
                MaxQueueTime = TimeSpan.FromSeconds(dispatch.MaxQueueSeconds),
                // The seeded meters' CINs (9.1): the store's inventory record has no column for them.
                FallbackInventory = StoreSeeder.PlanFor(identities).CustomerIdentificationNumbers(),
                // The device certificates sit beside the keys (<eui>-ka.pem): a Method C join carries one.
                DeviceCertificates = new KeystoreDeviceCertificates(identities.KeysDirectory),
            },
            access: new AccessControl(sp.GetRequiredService<IDccStore>(), new AccessControlOptions { Anomaly = options.Anomaly.ToOptions(sharedStore: !string.IsNullOrWhiteSpace(options.Storage.PostgresConnectionString)) },
                sp.GetRequiredService<IOperatorAlerts>(), sp.GetRequiredService<TimeProvider>()),
            time: sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LoggingOperatorAlerts>();
        services.AddSingleton<IOperatorAlerts>(sp => sp.GetRequiredService<LoggingOperatorAlerts>());
        services.AddSingleton(sp =>
        {
            var batcher = new DecisionBatcher(sp.GetRequiredService<DuisRequestProcessor>(), dispatch.MaxDecisionBatch);
            sp.GetRequiredService<AdapterMetrics>().ObserveDecisionBatches(batcher);
            return batcher;
        });
        // The one DUIS intake, for HTTP, MQTT and the demo: every admitted request is decided (replay guard included) in a
        // batch of the batcher.
        services.AddSingleton(sp => new DuisIntake(sp.GetRequiredService<DecisionBatcher>(), sp.GetRequiredService<ILogger<DuisIntake>>(),
            sp.GetRequiredService<AdapterMetrics>().Decided));
        services.AddSingleton<IUserDelivery>(sp =>
        {
            var http = CallbackClient.Create(sp, options.Callbacks);
            return new CompositeUserDelivery(http, new MqttUserDelivery(sp.GetRequiredService<IMqttPublisher>()));
        });
        CallbackClient.Add(services);
        // One outbox: every finished request and accepted alert is stored in it with its state change, and stays until
        // the user's side has taken it (callback 2xx or MQTT PUBACK, reported by the broker through UserOutboxFeedback).
        services.AddSingleton(sp => new UserOutbox(sp.GetRequiredService<IDccStore>(), sp.GetRequiredService<IUserDelivery>(),
            dispatch.OutboxOptionsFor(options.Mqtt), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DuisAsyncResponses(sp.GetRequiredService<IDccStore>(), sp.GetRequiredService<DuisResponseWriter>(),
            sp.GetRequiredService<UserOutbox>()));
        services.AddSingleton(sp => new ResponseCorrelator(sp.GetRequiredService<IDccStore>(), new NetGbcsCrypto(),
            sp.GetRequiredService<IGbcsKeyStore>(), identities.DccEui, sp.GetRequiredService<DuisAsyncResponses>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TimeoutSweeper(sp.GetRequiredService<IDccStore>(), sp.GetRequiredService<MqttCommandDispatcher>(),
            sp.GetRequiredService<HubPresence>(), sp.GetRequiredService<DuisAsyncResponses>(),
            new TimeoutSweeperOptions { OfflinePolicy = dispatch.Policy, FinishedRetention = TimeSpan.FromHours(dispatch.FinishedRetentionHours) },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new QuarantineResolver(sp.GetRequiredService<DuisRequestProcessor>().Access.Anomalies,
            sp.GetRequiredService<IDccStore>(), sp.GetRequiredService<MqttCommandDispatcher>(), sp.GetRequiredService<DuisAsyncResponses>()));
        // Users' PUBACKs are matched in memory and their deletes ride on the next round of response finishes (written
        // alone only when none comes within 100 ms), rather than one commit each on the user's lane; disposed (flushed)
        // before the outbox's store.
        services.AddSingleton(sp => new OutboxAcknowledgements(sp.GetRequiredService<UserOutbox>()));
        services.AddSingleton<UserOutboxFeedback>();
        services.AddHostedService<UserOutboxService>();
        services.AddSingleton<HubUplink>();
        services.AddHostedService<SweeperService>();
        services.AddHostedService<SchemaWatchService>();
        services.AddSingleton(sp => new CommsHub.Dcc.Schedules.DccScheduleRunner(sp.GetRequiredService<IDccStore>().Schedules,
            sp.GetRequiredService<DuisRequestProcessor>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DuisAsyncResponses>()));
        services.AddHostedService<DccScheduleService>();
    }
}

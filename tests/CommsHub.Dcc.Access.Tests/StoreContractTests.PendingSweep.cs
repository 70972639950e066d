using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Asn1;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>
/// Storage contract, part: the sweeper reaches every Pending request, however many are held for offline hubs
/// (<see cref="OfflineHubPolicy.Queue"/> keeps them Pending until their hub reconnects or their deadline passes).
/// </summary>
public abstract partial class StoreContractTests<TBackend>
{
    private const ulong OfflineHub = 0x00DB1234567890B2, OfflineMeter = 0x00DB1234567890B0;
    private const ulong OnlineHub = 0x00DB1234567890C2, OnlineMeter = 0x00DB1234567890C0;

    // The two hubs and their meters; `queued` requests held for the offline hub (none due yet), then one for the hub
    // that is online (left Pending by a crash between persist and publish, or queued while its hub was away).
    private PendingRequest QueuedBehind(int queued)
    {
        Store.Inventory.Upsert(new InventoryDevice(OfflineHub, DeviceType.Chf, SmiStatus.Commissioned, T0, [], null));
        Store.Inventory.Upsert(new InventoryDevice(OfflineMeter, DeviceType.Esme, SmiStatus.Commissioned, T0, [], OfflineHub));
        Store.Inventory.Upsert(new InventoryDevice(OnlineHub, DeviceType.Chf, SmiStatus.Commissioned, T0, [], null));
        Store.Inventory.Upsert(new InventoryDevice(OnlineMeter, DeviceType.Esme, SmiStatus.Commissioned, T0, [], OnlineHub));
        for (var i = 0; i < queued; i++)
            Assert.True(Store.PendingRequests.Add(new PendingRequest($"QUEUED-{i:D3}", UserEui, OfflineMeter, (ulong)i + 1, "4.1.1",
                PendingState.Pending, T0.AddSeconds(i), T0.AddHours(1), [0xD9, 0x01])));
        var waiting = new PendingRequest("ONLINE", UserEui, OnlineMeter, 1, "4.1.1", PendingState.Pending, T0.AddMinutes(5), T0.AddHours(1), [0xD9, 0x01]);
        Assert.True(Store.PendingRequests.Add(waiting));
        return waiting;
    }

    private TimeoutSweeper QueueSweeper(ICommandDispatcher dispatcher, DuisSigner dsp, TimeoutSweeperOptions options)
    {
        var presence = new HubPresence();
        presence.Set(OfflineHub, false);
        var clock = new ManualClock(T0.AddMinutes(10));
        options.OfflinePolicy = OfflineHubPolicy.Queue;
        return new TimeoutSweeper(Store, dispatcher, presence,
            new DuisAsyncResponses(Store, new DuisResponseWriter(dsp, clock), new NoDelivery(), clock), options, clock);
    }

    [StoreFact]
    public async Task A_pending_request_of_an_online_hub_behind_a_full_batch_of_queued_ones_is_dispatched()
    {
        var options = new TimeoutSweeperOptions();
        var waiting = QueuedBehind(options.BatchSize);
        var dispatcher = new RecordingDispatcher();
        using var dsp = EphemeralSigner();

        var result = await QueueSweeper(dispatcher, dsp, options).SweepAsync();

        Assert.Equal(new SweepResult(0, 0, 1), result);
        Assert.Equal([(waiting.RequestId, OnlineHub)], dispatcher.Dispatched);
        Assert.Equal(options.BatchSize, Enumerable.Range(0, options.BatchSize)
            .Count(i => Store.PendingRequests.Find($"QUEUED-{i:D3}")!.State == PendingState.Pending));
    }

    [StoreFact]
    public async Task A_sweep_out_of_time_leaves_the_rest_of_the_pending_requests_to_the_next_which_goes_on_from_there()
    {
        var waiting = QueuedBehind(4);
        var dispatcher = new RecordingDispatcher();
        using var dsp = EphemeralSigner();
        var sweeper = QueueSweeper(dispatcher, dsp, new TimeoutSweeperOptions { BatchSize = 2, MaxPendingTime = TimeSpan.Zero });

        // One batch per sweep: the queued ones, two and two, then the online hub's.
        Assert.Equal(0, (await sweeper.SweepAsync()).Dispatched);
        Assert.Equal(0, (await sweeper.SweepAsync()).Dispatched);
        Assert.Equal(1, (await sweeper.SweepAsync()).Dispatched);
        Assert.Equal([(waiting.RequestId, OnlineHub)], dispatcher.Dispatched);
    }

    [StoreFact]
    public void Requests_in_a_state_are_read_page_after_page_in_arrival_order()
    {
        // Two arrive at the same moment (ordered by RequestID then); one is in another state; one is finished between pages.
        Assert.True(Store.PendingRequests.Add(new PendingRequest("R-B", UserEui, DeviceEui, 1, "4.1.1", PendingState.Pending, T0, T0.AddHours(1), [0xD9])));
        Assert.True(Store.PendingRequests.Add(new PendingRequest("R-A", UserEui, DeviceEui, 2, "4.1.1", PendingState.Pending, T0, T0.AddHours(1), [0xD9])));
        Assert.True(Store.PendingRequests.Add(new PendingRequest("R-C", UserEui, DeviceEui, 3, "4.1.1", PendingState.Sent, T0.AddSeconds(1), T0.AddHours(1), [0xD9])));
        Assert.True(Store.PendingRequests.Add(new PendingRequest("R-D", UserEui, DeviceEui, 4, "4.1.1", PendingState.Pending, T0.AddSeconds(2), T0.AddHours(1), [0xD9])));
        Assert.True(Store.PendingRequests.Add(new PendingRequest("R-E", UserEui, DeviceEui, 5, "4.1.1", PendingState.Pending, T0.AddSeconds(3), T0.AddHours(1), [0xD9])));

        var first = Store.PendingRequests.InState(PendingState.Pending, 2, null);
        Assert.Equal(["R-A", "R-B"], first.Select(r => r.RequestId));
        Assert.True(Store.PendingRequests.TryTransition("R-D", PendingState.Pending, PendingState.Sent));
        var second = Store.PendingRequests.InState(PendingState.Pending, 2, first[^1]);
        Assert.Equal(["R-E"], second.Select(r => r.RequestId));
        Assert.Empty(Store.PendingRequests.InState(PendingState.Pending, 2, second[^1]));
        Assert.Equal(["R-C", "R-D"], Reopen().PendingRequests.InState(PendingState.Sent, 10, null).Select(r => r.RequestId));
    }

    private static DuisSigner EphemeralSigner()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sweeper test DSP", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(T0.AddDays(-1), T0.AddYears(1));
        return new DuisSigner(key, X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)));
    }

    // Records what it publishes and marks it Sent, as the MQTT dispatcher does for an online hub.
    private sealed class RecordingDispatcher : ICommandDispatcher
    {
        public List<(string RequestId, ulong Hub)> Dispatched { get; } = [];

        public Task<DispatchOutcome> DispatchAsync(PendingRequest request, ulong hub, CancellationToken cancellationToken = default)
        {
            Dispatched.Add((request.RequestId, hub));
            return Task.FromResult(DispatchOutcome.Sent);
        }
    }

    // Nothing is finished in these sweeps: any answer is a failure of the test.
    private sealed class NoDelivery : IUserDelivery
    {
        public Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"answer {delivery.Key} delivered, but nothing was due");
    }
}

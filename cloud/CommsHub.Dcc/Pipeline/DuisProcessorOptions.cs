using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms;

namespace CommsHub.Dcc.Pipeline;

/// <summary>Settings of <see cref="DuisRequestProcessor"/>.</summary>
public sealed class DuisProcessorOptions
{
    /// <summary>
    /// How long a dispatched request waits for the device before E21. SEC's Target Response Times were not found
    /// (SEC-DCC.md §1.6); 60 s covers the CSP round-trip target RTT4 of 25 s twice over.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Offline-hub handling at intake: with <see cref="Dispatch.OfflineHubPolicy.Queue"/> a request for a hub that
    /// <see cref="Presence"/> reports offline gets a deadline of <see cref="MaxQueueTime"/> + <see cref="ResponseTimeout"/>,
    /// so it can wait for the hub; the sweeper answers E20 if the hub is still away by then.
    /// </summary>
    public Dispatch.OfflineHubPolicy OfflinePolicy { get; set; } = Dispatch.OfflineHubPolicy.FailWithE20;

    /// <summary>How long a request may wait queued for an offline hub (Queue policy).</summary>
    public TimeSpan MaxQueueTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Hub presence, for the deadline: the Queue policy's extension, and what is left of the start-up grace of a hub not
    /// seen yet (<see cref="Dispatch.IHubPresence.AwaitedFor"/>: the request is held until the hub announces itself, then
    /// gets its full <see cref="ResponseTimeout"/>). Null: every hub counts as online at intake.
    /// </summary>
    public Dispatch.IHubPresence? Presence { get; set; }

    /// <summary>How long an issued CV4 pre-command may be signed and sent back as CV5-7.</summary>
    public TimeSpan PreCommandValidity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Limits for incoming documents (root must be sr:Request).</summary>
    public SecureXmlOptions Xml { get; set; } = new() { RootNames = [DuisNamespaces.RequestRoot] };

    /// <summary>The GBCSVersion written in a PreCommand (DUIS PreCommand{GBCSVersion, GBCSPayload}); RTDS 4.5.0 is GBCS v4.</summary>
    public string GbcsVersion { get; set; } = "4.0";

    /// <summary>Access-control policy (used when the processor creates its own <see cref="AccessControl"/>).</summary>
    public AccessControlOptions Access { get; set; } = new();

    /// <summary>
    /// Inventory facts the store does not hold (the DCC's copies of CHF device logs for CCS03); consulted after the
    /// store. Null: none.
    /// </summary>
    public IDeviceInventory? FallbackInventory { get; set; }

    /// <summary>The device certificates the DCC holds (a Method C join, CS03C, carries one). Null: none.</summary>
    public IDeviceCertificates? DeviceCertificates { get; set; }

    /// <summary>Where issued CV4 pre-commands are kept until signed; the store's ledger (<see cref="Storage.IDccStore.PreCommands"/>, shared by instances and kept across restarts) when null.</summary>
    public IPreCommandLedger? PreCommands { get; set; }

    /// <summary>Allocates the ACB's GBCS originator counters; <see cref="StoreAcbCounter"/> over the store when null.</summary>
    public IOriginatorCounterSource? AcbCounters { get; set; }
}

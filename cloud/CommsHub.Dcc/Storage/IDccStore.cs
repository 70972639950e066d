using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Storage;

/// <summary>
/// Everything the DCC adapter persists, as one set of small repositories (DESIGN.md, Storage: one interface, two
/// implementations). <see cref="Sql.SqliteDccStore"/> is the embedded default, <see cref="Sql.PostgresDccStore"/>
/// the one for a fleet that outgrows one machine; both pass the same test suite. Opening a store runs its schema
/// migrations. Every call is a short, self-contained transaction, so any adapter instance may serve any request.
/// </summary>
public interface IDccStore : IDisposable
{
    /// <summary>DCC Users.</summary>
    IUserStore Users { get; }

    /// <summary>Registration Data.</summary>
    IRegistrationStore Registration { get; }

    /// <summary>Smart Metering Inventory.</summary>
    IInventoryStore Inventory { get; }

    /// <summary>Other User consents.</summary>
    IConsentStore Consents { get; }

    /// <summary>Highest RequestID counter accepted per user (replay protection, persisted).</summary>
    ICounterStore Counters { get; }

    /// <summary>Append-only audit trail.</summary>
    IAuditTrail Audit { get; }

    /// <summary>Requests awaiting dispatch or a response.</summary>
    IPendingRequestStore PendingRequests { get; }

    /// <summary>Anomaly-detection quarantines.</summary>
    IQuarantineStore Quarantines { get; }

    /// <summary>The schema version after migrations ran.</summary>
    int SchemaVersion { get; }
}

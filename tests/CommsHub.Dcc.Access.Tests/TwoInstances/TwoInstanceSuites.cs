using CommsHub.Dcc.Access.Tests.Backends;

namespace CommsHub.Dcc.Access.Tests.TwoInstances;

// The backend-parameterised suites again, on one PostgreSQL schema with every operation alternating between two
// adapter instances' stores (TwoPostgresInstancesBackend): the storage contract, replay counters and anomaly detection.
// Shared anomaly counting across two instances has its own test (AnomalyCountingTests, Postgres shared, with a second
// AccessControl on a second store); here its rollback test would count on the instance other than the one whose unit
// of work rolled back, which no single adapter does.

/// <summary>The storage contract, operations alternating between two instances.</summary>
public sealed class TwoInstancesStoreContractTests : StoreContractTests<TwoPostgresInstancesBackend>, IPostgresSuite;

/// <summary>Replay counters, operations alternating between two instances.</summary>
public sealed class TwoInstancesReplayTests : ReplayTests<TwoPostgresInstancesBackend>, IPostgresSuite;

/// <summary>Anomaly detection, operations alternating between two instances.</summary>
public sealed class TwoInstancesAnomalyTests : AnomalyTests<TwoPostgresInstancesBackend>, IPostgresSuite;

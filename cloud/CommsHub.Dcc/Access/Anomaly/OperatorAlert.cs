using System.Collections.Concurrent;

namespace CommsHub.Dcc.Access;

/// <summary>Something an operator must look at.</summary>
/// <param name="At">When raised (UTC).</param>
/// <param name="Kind">Machine-readable kind, e.g. "anomaly-quarantine".</param>
/// <param name="UserEui">The user concerned.</param>
/// <param name="Srv">The SRV concerned.</param>
/// <param name="QuarantineId">The quarantine to release or reject.</param>
/// <param name="Message">What happened.</param>
public sealed record OperatorAlert(DateTimeOffset At, string Kind, ulong UserEui, string Srv, long QuarantineId, string Message);

/// <summary>Where operator alerts go (dashboard, log, MQTT): the host decides.</summary>
public interface IOperatorAlerts
{
    /// <summary>Raises an alert. Must not throw for delivery problems: the quarantine is already recorded.</summary>
    void Raise(OperatorAlert alert);
}

/// <summary>Keeps alerts in memory (tests, and the dashboard's recent list).</summary>
public sealed class InMemoryOperatorAlerts : IOperatorAlerts
{
    private readonly ConcurrentQueue<OperatorAlert> _alerts = new();

    /// <summary>Alerts raised so far, oldest first.</summary>
    public IReadOnlyList<OperatorAlert> All => _alerts.ToArray();

    /// <inheritdoc/>
    public void Raise(OperatorAlert alert) => _alerts.Enqueue(alert);
}

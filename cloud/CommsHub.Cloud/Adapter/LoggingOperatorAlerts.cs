using System.Collections.Concurrent;
using CommsHub.Dcc.Access;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cloud.Adapter;

/// <summary>
/// Operator alerts of the host: each one is logged as a warning and kept (the most recent <see cref="Capacity"/>) for
/// <c>GET /api/v1/operator/alerts</c>. In memory, per instance: a restart forgets them (the quarantines themselves are in
/// the store and listed from there).
/// </summary>
public sealed class LoggingOperatorAlerts(ILogger<LoggingOperatorAlerts> logger) : IOperatorAlerts
{
    /// <summary>How many alerts are kept.</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentQueue<OperatorAlert> _recent = new();

    /// <summary>Alerts kept, oldest first.</summary>
    public IReadOnlyList<OperatorAlert> Recent => _recent.ToArray();

    /// <inheritdoc/>
    public void Raise(OperatorAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _recent.Enqueue(alert);
        while (_recent.Count > Capacity && _recent.TryDequeue(out _)) { }
        logger.LogWarning("operator alert {Kind}: quarantine #{QuarantineId}, user {User}, {Srv}: {Message}",
            alert.Kind, alert.QuarantineId, Eui64.ToText(alert.UserEui), alert.Srv, alert.Message);
    }
}

using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage;

/// <summary>One access-control decision, as recorded for good.</summary>
/// <param name="At">When it was decided (UTC).</param>
/// <param name="Actor">Who decided: "access-control", or "operator:&lt;name&gt;" for a quarantine release or rejection.</param>
/// <param name="UserEui">The DCC User whose request it was.</param>
/// <param name="Srv">Service Reference Variant.</param>
/// <param name="RequestId">The DUIS RequestID in text form.</param>
/// <param name="DeviceEui">The device concerned, when there is one.</param>
/// <param name="ResponseCode">The DUIS response code answered (I99, E1, ...).</param>
/// <param name="Outcome">Accepted, rejected or quarantined.</param>
/// <param name="Reason">Why, in words an operator can act on.</param>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    ulong UserEui,
    string Srv,
    string RequestId,
    ulong? DeviceEui,
    string ResponseCode,
    AccessOutcome Outcome,
    string Reason)
{
    /// <summary>Position in the trail (assigned on append; 0 before).</summary>
    public long Sequence { get; init; }
}

namespace CommsHub.Dcc.Storage;

/// <summary>Where a request that passed access control is in its life.</summary>
public enum PendingState
{
    /// <summary>Held by anomaly detection until an operator releases or rejects it.</summary>
    Quarantined,
    /// <summary>Ready to publish to the hub.</summary>
    Pending,
    /// <summary>Published; waiting for the device's response.</summary>
    Sent,
    /// <summary>Response received and delivered (I0).</summary>
    Completed,
    /// <summary>The device could not be reached (E20) or answered with an error.</summary>
    Failed,
    /// <summary>No response by the deadline (E21).</summary>
    TimedOut,
    /// <summary>Rejected after acceptance (an operator rejected the quarantined request).</summary>
    Rejected,
}

/// <summary>
/// A request accepted for dispatch, kept so any adapter instance can publish it, match the response and finish it
/// (DESIGN.md, Scale-out: correlation state lives in the database).
/// </summary>
/// <param name="RequestId">DUIS RequestID (text form); unique.</param>
/// <param name="UserEui">The user to answer.</param>
/// <param name="DeviceEui">The device the GBCS command goes to; with the command's originator and <paramref name="OriginatorCounter"/> the correlation key.</param>
/// <param name="OriginatorCounter">The GBCS originator counter of the command; the response echoes it.</param>
/// <param name="Srv">Service Reference Variant.</param>
/// <param name="State">Current state.</param>
/// <param name="CreatedAt">When accepted (UTC).</param>
/// <param name="Deadline">When to give up with E21 (UTC).</param>
/// <param name="Gbcs">The GBCS command bytes (ACB MAC applied).</param>
/// <param name="ResponseCode">Final DUIS response code once finished; null before.</param>
/// <param name="CommandOriginator">
/// The GBCS originator of the command when it is not <paramref name="UserEui"/> (the ACB, for commands it originates);
/// null when the user originated it. With <paramref name="DeviceEui"/> and <paramref name="OriginatorCounter"/> the
/// correlation key: GBCS counters are per originator.
/// </param>
public sealed record PendingRequest(
    string RequestId,
    ulong UserEui,
    ulong DeviceEui,
    ulong OriginatorCounter,
    string Srv,
    PendingState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset Deadline,
    byte[] Gbcs,
    string? ResponseCode = null,
    ulong? CommandOriginator = null);

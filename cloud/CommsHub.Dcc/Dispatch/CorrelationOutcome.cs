namespace CommsHub.Dcc.Dispatch;

/// <summary>What <see cref="ResponseCorrelator"/> did with one up frame.</summary>
public enum CorrelationOutcome
{
    /// <summary>A response matched its pending request, verified, and its I0 was stored for its user and delivered.</summary>
    Delivered,
    /// <summary>A response for a request already finished (QoS 1 duplicate, or late after E21): nothing delivered.</summary>
    Duplicate,
    /// <summary>No pending request has that device and originator counter.</summary>
    Unmatched,
    /// <summary>The MAC or signature does not verify, or the response does not answer the command's originator: dropped.</summary>
    Invalid,
    /// <summary>Not a GBCS message, or not from the hub's topic.</summary>
    Malformed,
    /// <summary>An alert verified and was delivered to its recipients.</summary>
    AlertDelivered,
    /// <summary>An alert whose counter was already seen from that device (duplicate or replay): nothing delivered.</summary>
    AlertDuplicate,
    /// <summary>An alert nobody is registered to receive (unknown device, or no registration at that time).</summary>
    AlertUnroutable,
    /// <summary>A frame that is neither response nor alert (a command on the up topic).</summary>
    Ignored,
    /// <summary>
    /// A response or alert from a device that the inventory does not place on the hub that published it: refused before
    /// verification (a hub speaks only for its own devices).
    /// </summary>
    WrongHub,
    /// <summary>
    /// The hub's failure-to-deliver alert named a pending request: it was answered at once with the code of a command
    /// that could not reach its device (<see cref="FailureToDeliverAnswers"/>).
    /// </summary>
    CommandUndelivered,
}

using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Pipeline;

/// <summary>What became of one DUIS request, and how the host answers it.</summary>
/// <remarks>
/// <para>Mapping for the host (HTTP status; MQTT does the same with "publish the response" for 200 and "log and drop"
/// otherwise):</para>
/// <list type="table">
/// <item><term><see cref="Accepted"/></term><description>200, signed I99 (device request persisted and dispatched or queued).</description></item>
/// <item><term><see cref="Answered"/></term><description>200, signed synchronous result: I0 with PreCommand (CV4) or I0/I99 for a
/// non-device request (8.2 DSPInventory, 8.3, 8.4, 12.2).</description></item>
/// <item><term><see cref="Quarantined"/></term><description>200, signed I99 (held by anomaly detection; persisted as Quarantined).</description></item>
/// <item><term><see cref="Rejected"/></term><description>200, signed E-code (access control E1-E19, or the transform refusing the
/// request: E11/E12/E19/E1/E20, see <see cref="DuisRequestProcessor"/>).</description></item>
/// <item><term><see cref="Unauthenticated"/></term><description>200, signed E1: signature missing, malformed or invalid, unknown signer,
/// or signer is not the RequestID originator. Nothing persisted, the counter is not touched.</description></item>
/// <item><term><see cref="Replayed"/></term><description>200, signed E1: counter not above the last accepted one. Nothing persisted.</description></item>
/// <item><term><see cref="Refused"/></term><description>400 (413 when oversized), no DUIS answer: not well-formed, DTD/entities,
/// wrong root, XSD-invalid, bad header. There is no trustworthy RequestID to answer. Nothing persisted, not audited.</description></item>
/// <item><term><see cref="Conflict"/></term><description>409, no DUIS answer: another pending request already holds the same device and
/// GBCS originator counter (two users with equal counters for one device), so the response could not be told apart.</description></item>
/// </list>
/// Wrong content type (415) and body-size limits before reading are the host's own checks.
/// </remarks>
public enum DuisOutcomeKind
{
    /// <summary>Passed every check; the command is persisted and handed to the dispatcher (I99).</summary>
    Accepted,
    /// <summary>Answered synchronously with a result (CV4 pre-command, non-device request).</summary>
    Answered,
    /// <summary>Held by anomaly detection (I99).</summary>
    Quarantined,
    /// <summary>Refused with a DUIS E-code after authentication.</summary>
    Rejected,
    /// <summary>The signature does not prove the originator (E1).</summary>
    Unauthenticated,
    /// <summary>The RequestID counter was used before (E1).</summary>
    Replayed,
    /// <summary>Not a usable DUIS request: no DUIS answer.</summary>
    Refused,
    /// <summary>Correlation key already taken: no DUIS answer.</summary>
    Conflict,
}

/// <summary>The decision on an authenticated request (everything after intake), without the signed envelope.</summary>
/// <param name="Kind">Outcome.</param>
/// <param name="ResponseCode">DUIS response code for the synchronous answer; null for <see cref="DuisOutcomeKind.Conflict"/>.</param>
/// <param name="Reason">Why, in words (logs and audit; never sent to the user).</param>
/// <param name="Payload">Element for sr:ResponseMessage after the SRV (sr:PreCommand, sr:DSPInventory), or null.</param>
/// <param name="PendingRequestId">RequestID of the persisted pending request, when one was persisted.</param>
public sealed record DuisDecision(DuisOutcomeKind Kind, string? ResponseCode, string Reason, XmlElement? Payload = null, string? PendingRequestId = null);

/// <summary>
/// What <see cref="DuisRequestProcessor.DecideBodyAsync"/>
/// decided about a request body, before the answer is signed.
/// </summary>
/// <param name="Kind">Outcome (see <see cref="DuisOutcomeKind"/> for the HTTP mapping).</param>
/// <param name="HttpStatus">Suggested HTTP status.</param>
/// <param name="ResponseCode">DUIS code to answer with, or null when there is no DUIS answer.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Request">The parsed request (null when intake refused the body: there is nothing trustworthy to answer).</param>
/// <param name="Payload">Element for sr:ResponseMessage after the SRV (sr:PreCommand, sr:DSPInventory), or null.</param>
/// <param name="RejectReason">The intake reason when intake refused it.</param>
/// <param name="PendingRequestId">RequestID of the persisted pending request, if any.</param>
public sealed record DuisBodyDecision(
    DuisOutcomeKind Kind,
    int HttpStatus,
    string? ResponseCode,
    string Reason,
    DuisRequest? Request,
    XmlElement? Payload,
    DuisRejectReason? RejectReason = null,
    string? PendingRequestId = null);

/// <summary>The full outcome of <see cref="DuisRequestProcessor.ProcessAsync"/>.</summary>
/// <param name="Kind">Outcome (see <see cref="DuisOutcomeKind"/> for the HTTP mapping).</param>
/// <param name="HttpStatus">Suggested HTTP status.</param>
/// <param name="ResponseCode">DUIS code of <paramref name="Response"/>, or null when there is no DUIS answer.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Response">The signed DUIS Response, or null (<see cref="DuisOutcomeKind.Refused"/>, <see cref="DuisOutcomeKind.Conflict"/>).</param>
/// <param name="RejectReason">The intake reason when intake refused it.</param>
/// <param name="PendingRequestId">RequestID of the persisted pending request, if any.</param>
public sealed record DuisProcessingResult(
    DuisOutcomeKind Kind,
    int HttpStatus,
    string? ResponseCode,
    string Reason,
    XmlDocument? Response,
    DuisRejectReason? RejectReason = null,
    string? PendingRequestId = null)
{
    /// <summary>The response bytes to send (UTF-8, as signed), or null.</summary>
    public byte[]? ResponseBytes => Response is null ? null : DuisResponseWriter.Serialize(Response);
}

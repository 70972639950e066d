using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Pipeline;

/// <summary>What became of one DUIS request, and how the host answers it.</summary>
/// <remarks>
/// <para>Mapping for the host (HTTP status; over MQTT the PUBACK follows the same split: a signed answer is published
/// on the user's responses topic, then acknowledged; anything else is refused with a reason code and logged):</para>
/// <list type="table">
/// <item><term><see cref="Accepted"/></term><description>200, signed I99 (device request persisted and dispatched or queued).</description></item>
/// <item><term><see cref="Answered"/></term><description>200, signed synchronous result: I0 with PreCommand (CV4) or I0/I99 for a
/// non-device request (8.2 DSPInventory, 8.3, 8.4, 12.2; 5.1 DSPScheduleID, 5.2 DSPSchedulesRead, 5.3).</description></item>
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
/// <item><term><see cref="Unavailable"/></term><description>503, no DUIS answer: the store could not record the request (database
/// error, failed commit, writer busy past its timeout). Nothing of it was kept; send it again with a new counter.</description></item>
/// <item><term><see cref="Failed"/></term><description>500, no DUIS answer: deciding the request failed for another reason (a bug).
/// Nothing of it was kept.</description></item>
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
    /// <summary>The store could not record the request: no DUIS answer, nothing kept.</summary>
    Unavailable,
    /// <summary>Deciding the request failed unexpectedly: no DUIS answer, nothing kept.</summary>
    Failed,
}

/// <summary>
/// The outcome of one DUIS request, from intake to the signed answer: what <see cref="DuisRequestProcessor.DecideBatchAsync"/>
/// decided for it (or what intake refused it for), and, once <see cref="DuisIntake"/> has signed it, the answer itself.
/// </summary>
/// <param name="Kind">Outcome (see <see cref="DuisOutcomeKind"/> for the HTTP mapping).</param>
/// <param name="ResponseCode">DUIS code to answer with; null when there is no DUIS answer (see <see cref="HasAnswer"/>).</param>
/// <param name="Reason">Why, in words (logs and audit; never sent to the user in DUIS).</param>
/// <param name="Payload">Element for sr:ResponseMessage after the SRV (sr:PreCommand, sr:DSPInventory), or null.</param>
/// <param name="PendingRequestId">RequestID of the persisted pending request, when one was persisted.</param>
public sealed record DuisOutcome(
    DuisOutcomeKind Kind, string? ResponseCode, string Reason, XmlElement? Payload = null, string? PendingRequestId = null)
{
    /// <summary>The parsed request (null when intake refused the body: there is nothing trustworthy to answer).</summary>
    public DuisRequest? Request { get; init; }

    /// <summary>The intake reason when intake (not access control) refused it: load, schema, signature, signer, replay.</summary>
    public DuisRejectReason? RejectReason { get; init; }

    /// <summary>
    /// The signed DUIS Response as sent (UTF-8, as signed), once <see cref="DuisIntake"/> has signed it; null when there is
    /// no DUIS answer.
    /// </summary>
    public byte[]? ResponseBytes { get; init; }

    /// <summary>
    /// <see cref="ResponseBytes"/> as a document, loaded from them at each call (for tests and diagnosis: the host sends the
    /// bytes); null when there is no DUIS answer.
    /// </summary>
    public XmlDocument? Response => ResponseBytes is null ? null : SecureXml.Load(ResponseBytes, SecureXmlOptions.Duis);

    /// <summary>For <see cref="DuisOutcomeKind.Unavailable"/> and <see cref="DuisOutcomeKind.Failed"/>: what was thrown (for the log).</summary>
    public Exception? Error { get; init; }

    /// <summary>
    /// For <see cref="DuisOutcomeKind.Unavailable"/> and <see cref="DuisOutcomeKind.Failed"/>, once <see cref="DuisIntake"/>
    /// has logged it: the id (<see cref="ErrorCorrelation"/>) the client is given instead of <see cref="Reason"/> and
    /// <see cref="Error"/>, which stay in the server log under it.
    /// </summary>
    public string? CorrelationId { get; init; }

    /// <summary>True when the request gets a signed DUIS answer (HTTP 200).</summary>
    public bool HasAnswer => ResponseCode is not null;

    /// <summary>The HTTP status that carries this outcome.</summary>
    public int HttpStatus => Kind switch
    {
        DuisOutcomeKind.Refused => RejectReason == DuisRejectReason.Oversized ? 413 : 400,
        DuisOutcomeKind.Conflict => 409,
        DuisOutcomeKind.Unavailable => 503,
        DuisOutcomeKind.Failed => 500,
        _ => 200,
    };

    /// <summary>An outcome with no DUIS answer because the request could not be decided (<paramref name="error"/> was thrown).</summary>
    public static DuisOutcome NotDecided(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // The reason is for the server log only (with the exception): the database's text can name hosts, users and
        // tables, so the client is told fixed words and a correlation id instead (see CorrelationId).
        var message = error.Message.Length <= 300 ? error.Message : error.Message[..300] + "...";
        return Storage.StoreFailure.Is(error)
            ? new DuisOutcome(DuisOutcomeKind.Unavailable, null,
                $"the adapter's store failed ({error.GetType().Name}: {message}); send the request again with a new RequestID counter") { Error = error }
            : new DuisOutcome(DuisOutcomeKind.Failed, null, $"the request could not be decided ({error.GetType().Name}: {message})") { Error = error };
    }
}

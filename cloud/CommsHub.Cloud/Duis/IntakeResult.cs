using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Cloud.Duis;

/// <summary>The outcome of <see cref="DuisIntake.ProcessAsync"/>: a signed DUIS answer, or a refusal with no DUIS answer.</summary>
public abstract record IntakeResult;

/// <summary>
/// The input is not a usable DUIS request (wrong size, not well-formed, DTD/entities, wrong root, schema-invalid, bad
/// header): there is no trustworthy RequestID to answer, so HTTP answers 4xx with <see cref="Message"/> as text and
/// MQTT drops it with a log line.
/// </summary>
/// <param name="Reason">Why.</param>
/// <param name="Message">A short explanation for the sender.</param>
public sealed record IntakeRefused(DuisRejectReason Reason, string Message) : IntakeResult;

/// <summary>A signed DUIS Response: I99, an access-control E-code, or E1 for an unauthenticated or replayed request.</summary>
/// <param name="Response">The signed response document.</param>
/// <param name="ResponseCode">Its ResponseCode.</param>
/// <param name="Rejected">The intake reason when intake (not the pipeline) refused it (signature, signer, replay); else null.</param>
/// <param name="Reason">Why, in words (logged, not sent).</param>
public sealed record IntakeAnswered(XmlDocument Response, string ResponseCode, DuisRejectReason? Rejected, string Reason) : IntakeResult;

/// <summary>
/// The request was authenticated and accepted, but another pending request already holds the same device, command
/// originator and GBCS originator counter, so a response could not be told apart: no DUIS answer; HTTP answers 409
/// and MQTT drops it.
/// </summary>
/// <param name="Message">Why, for the sender.</param>
public sealed record IntakeConflict(string Message) : IntakeResult;

/// <summary>
/// The store failed while the request was being handled (a database error, a failed group commit, or the writer busy
/// past its timeout). The request may or may not have been recorded: HTTP answers 503 with Retry-After, MQTT drops it
/// with a log line. Sending it again with a new RequestID counter is always safe (a recorded one would be a replay).
/// </summary>
/// <param name="Message">Why, for the sender (no internals beyond the error's message).</param>
public sealed record IntakeUnavailable(string Message) : IntakeResult;

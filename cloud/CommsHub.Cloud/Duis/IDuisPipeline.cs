using System.Xml;
using CommsHub.Cloud.Identity;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;

namespace CommsHub.Cloud.Duis;

/// <summary>
/// A DUIS request that passed intake: well-formed, schema-valid, header parsed, signature verified with the XML-sign
/// certificate of the user named as RequestID originator, and counter fresh (recorded by the replay guard), unless the
/// pipeline runs the replay guard itself (<see cref="IDuisPipeline.ChecksReplay"/>).
/// </summary>
/// <param name="Request">The parsed request (its document still carries the verified signature).</param>
/// <param name="Signature">Which certificate verified it.</param>
/// <param name="User">The user (the RequestID originator, proven by the signature).</param>
/// <param name="Channel">Where it came in.</param>
/// <param name="ReceivedAt">When intake accepted it (UTC).</param>
public sealed record AuthenticatedDuisRequest(
    DuisRequest Request, DuisSignatureInfo Signature, UserIdentity User, DuisEndpoint Channel, DateTimeOffset ReceivedAt);

/// <summary>The synchronous answer to a request: the DUIS response code and, for CV4/CV8, what goes in the response body.</summary>
/// <param name="ResponseCode">I99 (accepted), I0, or the E-code (DUIS ResponseCode enumeration); null when no DUIS answer can
/// be given because another pending request holds the same correlation key (the host answers 409).</param>
/// <param name="Reason">Why, in words, for logs and the audit trail (never sent to the user in DUIS).</param>
/// <param name="Payload">
/// Optional element appended to <c>sr:ResponseMessage</c> after the service reference variant (e.g. <c>sr:PreCommand</c>
/// for CV4, <c>sr:DSPInventory</c> for 8.2); it is imported into the response document.
/// </param>
public sealed record DuisPipelineResult(string? ResponseCode, string Reason, XmlElement? Payload = null);

/// <summary>
/// What happens to an authenticated DUIS request: access control, transform, persistence and dispatch. The host
/// calls it for HTTP and MQTT requests alike and turns the result into the signed DUIS Response. Implementations
/// must be thread-safe and must not throw for a refused request (answer the E-code instead).
/// </summary>
public interface IDuisPipeline
{
    /// <summary>Processes one request and returns the synchronous answer.</summary>
    /// <exception cref="DuisRejectedException">With <see cref="ChecksReplay"/>: the RequestID counter is not fresh.</exception>
    ValueTask<DuisPipelineResult> ProcessAsync(AuthenticatedDuisRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// True when the pipeline runs the replay guard on the request's counter itself, in the same store transaction as
    /// the rest of its writes (and throws the guard's <see cref="DuisRejectedException"/>); false (the default) when the
    /// host's intake must run it first.
    /// </summary>
    bool ChecksReplay => false;
}

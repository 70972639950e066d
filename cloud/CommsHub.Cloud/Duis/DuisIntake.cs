using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Access;
using CommsHub.Cloud.Identity;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;
using Microsoft.Extensions.Options;

namespace CommsHub.Cloud.Duis;

/// <summary>
/// DUIS intake shared by HTTP and MQTT: bytes -> <see cref="SecureXml"/> -> XSD -> header -> XMLDSig against the
/// users' XML-sign certificates -> signer is the RequestID originator -> replay check -> <see cref="IDuisPipeline"/>
/// -> DUIS Response signed with the DSP key. Nothing is written anywhere before the replay guard accepts the
/// counter, and the guard runs only after the signature proved the originator, so a forged or broken request
/// cannot burn a user's counter or leave any trace but a log line. The guard runs here, or inside the pipeline's store
/// transaction when the pipeline says it does (<see cref="IDuisPipeline.ChecksReplay"/>, the adapter's own).
/// </summary>
public sealed partial class DuisIntake(
    DuisSchemaValidator validator,
    IdentitySet identities,
    ReplayGuard replay,
    IDuisPipeline pipeline,
    DuisResponseWriter responses,
    IOptions<CommsHubOptions> options,
    TimeProvider time,
    ILogger<DuisIntake> logger)
{
    private readonly SecureXmlOptions _xml = new() { MaxCharacters = options.Value.Http.MaxRequestBodyBytes, RootNames = [DuisNamespaces.RequestRoot] };

    /// <summary>Processes one DUIS request.</summary>
    /// <param name="body">The request bytes.</param>
    /// <param name="channel">Where it came in.</param>
    /// <param name="topicUser">For MQTT, the user whose requests topic carried it (must be the originator).</param>
    /// <param name="cancellationToken">Cancels the pipeline.</param>
    public async ValueTask<IntakeResult> ProcessAsync(byte[] body, DuisEndpoint channel, ulong? topicUser, CancellationToken cancellationToken)
    {
        DuisRequest request;
        try
        {
            var document = SecureXml.Load(body, _xml);
            validator.Validate(document);
            request = DuisRequestParser.Parse(document);
        }
        catch (DuisRejectedException ex)
        {
            LogRefused(channel, ex.Reason, ex.Message);
            return new IntakeRefused(ex.Reason, Shorten(ex.Message));
        }

        var header = request.Header;
        DuisSignatureInfo signature;
        try
        {
            signature = DuisSignature.Verify(request.Document, identities.Signers);
        }
        catch (DuisRejectedException ex)
        {
            return Reject(request, ex.Reason, ex.Message, channel);
        }
        // A valid signature proves only who signed; the signer must also be the user the RequestID names, or one
        // user could send (and burn the counters of) another.
        var signer = CertificateIdentity.TryGetEui(signature.Signer);
        if (signer != header.RequestId.Originator || !identities.Users.TryGetValue(header.RequestId.Originator, out var user))
            return Reject(request, DuisRejectReason.SignerUnknown,
                $"signed by {(signer is { } s ? Eui64.ToText(s) : "an unnamed certificate")}, not by the originator {header.RequestId.OriginatorHex}", channel);
        if (topicUser is { } t && t != header.RequestId.Originator)
            return Reject(request, DuisRejectReason.SignerUnknown,
                $"request of {header.RequestId.OriginatorHex} published on the topic of {Eui64.ToText(t)}", channel);
        DuisPipelineResult result;
        try
        {
            try
            {
                // The replay guard runs here, or inside the pipeline with the request's other writes when it says so.
                if (!pipeline.ChecksReplay) replay.Check(header.RequestId);
                result = await pipeline.ProcessAsync(
                    new AuthenticatedDuisRequest(request, signature, user, channel, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            catch (DuisRejectedException ex) when (ex.Reason == DuisRejectReason.Replay)
            {
                return Reject(request, ex.Reason, ex.Message, channel);
            }
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            LogStoreFailed(ex, channel, header.RequestId.ToString());
            return new IntakeUnavailable(Shorten($"the adapter's store failed ({ex.GetType().Name}: {ex.Message}); send the request again with a new RequestID counter"));
        }
        if (result.ResponseCode is not { } code)
        {
            LogConflict(channel, header.RequestId.ToString(), result.Reason);
            return new IntakeConflict(result.Reason);
        }
        LogAnswered(channel, header.RequestId.ToString(), header.ServiceReferenceVariant, code, result.Reason);
        return new IntakeAnswered(responses.Synchronous(header, request.SchemaVersion, code, result.Payload), code, null, result.Reason);
    }

    private IntakeAnswered Reject(DuisRequest request, DuisRejectReason reason, string message, DuisEndpoint channel)
    {
        // E1 "Failed Authorisation": the request is well-formed DUIS but cannot be attributed to its originator (or
        // repeats a counter), so it is answered, signed, for the RequestID it claims. Which E-code DCC uses here is
        // not in the public sources (SEC-DCC.md §1.3, row 0); E1 is the closest documented meaning.
        LogRejected(channel, request.Header.RequestId.ToString(), reason, message);
        return new IntakeAnswered(responses.Synchronous(request.Header, request.SchemaVersion, ResponseCodes.E1), ResponseCodes.E1, reason, message);
    }

    // What the store throws when it cannot record: the database's own errors, a failed group commit, the writer queue's
    // timeout. Anything else is a bug and is left to the host's handling.
    private static bool IsStoreFailure(Exception ex) =>
        ex is System.Data.Common.DbException or CommsHub.Dcc.Storage.StoreCommitException or TimeoutException;

    private static string Shorten(string message) => message.Length <= 400 ? message : message[..400] + "...";

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUIS {Channel}: refused ({Reason}): {Message}")]
    private partial void LogRefused(DuisEndpoint channel, DuisRejectReason reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUIS {Channel}: {RequestId} answered E1 ({Reason}): {Message}")]
    private partial void LogRejected(DuisEndpoint channel, string requestId, DuisRejectReason reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUIS {Channel}: {RequestId} not answered (conflict): {Reason}")]
    private partial void LogConflict(DuisEndpoint channel, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "DUIS {Channel}: {RequestId} not answered: the store failed")]
    private partial void LogStoreFailed(Exception ex, DuisEndpoint channel, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "DUIS {Channel}: {RequestId} SRV {Srv} -> {Code}: {Reason}")]
    private partial void LogAnswered(DuisEndpoint channel, string requestId, string srv, string code, string reason);
}

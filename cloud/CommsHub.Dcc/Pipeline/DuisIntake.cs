using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Logging;
using CommsHub.Protocol.Net.Crypto;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// The one way a DUIS request comes in, for the host's HTTP endpoints and MQTT requests topic, the demo, the tests and
/// the benchmarks: bytes -> <see cref="SecureXml"/> -> XSD -> header -> XMLDSig against the users' XML-sign certificates
/// -> signer is the RequestID originator (and, over MQTT, the user whose topic carried it), its certificate an XML-signing
/// one valid now -> the decision, replay guard
/// included, in a batch of the <see cref="DecisionBatcher"/> -> DUIS Response signed with the DSP key. Thread-safe.
/// </summary>
/// <remarks>
/// Nothing is written anywhere before the replay guard accepts the counter, and the guard runs only after the signature
/// proved the originator, so a forged or broken request cannot burn a user's counter or leave any trace but a log line.
/// The guard runs inside the request's unit of work, so its counter advance and its decision are kept or lost together.
/// The outcome returned carries a DUIS answer only once the decision is committed in the store: a host that sends that
/// answer (HTTP 200) or acknowledges the request (MQTT PUBACK) after this returns never acknowledges a request the store
/// could lose.
/// </remarks>
public sealed partial class DuisIntake
{
    private readonly DecisionBatcher _batcher;
    private readonly DuisRequestProcessor _processor;
    private readonly ILogger _logger;
    private readonly Action<DuisRequest, DuisOutcome>? _decided;

    /// <summary>Creates the intake in front of <paramref name="batcher"/> (and its processor's schema, signers and DSP key).</summary>
    /// <param name="batcher">Decides admitted requests, in batches under load.</param>
    /// <param name="logger">Where refusals and answers are logged; none when null.</param>
    /// <param name="decided">Told of each decision the batch reached on an admitted request, replays and store failures
    /// excepted (the host's metrics); null: nobody.</param>
    public DuisIntake(DecisionBatcher batcher, ILogger<DuisIntake>? logger = null, Action<DuisRequest, DuisOutcome>? decided = null)
    {
        _batcher = batcher ?? throw new ArgumentNullException(nameof(batcher));
        _processor = batcher.Processor;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _decided = decided;
    }

    /// <summary>Processes one DUIS request to its outcome, with the signed DUIS Response when it has one.</summary>
    /// <param name="body">The request bytes as received.</param>
    /// <param name="endpoint">Where it came in (E13 for the DUIS endpoints).</param>
    /// <param name="topicUser">For MQTT, the user whose requests topic carried it (must be the originator); else null.</param>
    /// <param name="cancellationToken">Stops waiting for a batch another caller decides (the request may still be decided).</param>
    public Task<DuisOutcome> ProcessAsync(byte[] body, DuisEndpoint endpoint, ulong? topicUser = null,
        CancellationToken cancellationToken = default) =>
        ProcessAsync(Admit(body, endpoint, topicUser), cancellationToken);

    /// <summary>
    /// The ordered remainder of a request's intake, after <see cref="Admit"/>: the decision (replay guard included, so
    /// call this in each user's send order), then the signed DUIS Response when it has one. A refusal is answered as
    /// <see cref="ProcessAsync(byte[], DuisEndpoint, ulong?, CancellationToken)"/> would; what the admission threw is
    /// thrown here.
    /// </summary>
    /// <param name="admission">The request's admission.</param>
    /// <param name="cancellationToken">Stops waiting for a batch another caller decides (the request may still be decided).</param>
    public async Task<DuisOutcome> ProcessAsync(DuisAdmission admission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(admission);
        admission.ThrowIfFailed();
        if (admission.Item is not { } item) return Answer(admission.Refused!, admission.Endpoint);
        var decided = await _batcher.DecideAsync(item, cancellationToken).ConfigureAwait(false);
        if (_decided is not null && decided.Kind is not (DuisOutcomeKind.Replayed or DuisOutcomeKind.Unavailable or DuisOutcomeKind.Failed))
            _decided(item.Request, decided);
        return Finish(decided, item.Request, admission.Endpoint);
    }

    /// <summary>
    /// The order-free part of a request's intake (<see cref="TryAdmit"/>), kept for
    /// <see cref="ProcessAsync(DuisAdmission, CancellationToken)"/>: it reads no state another request changes, so it may
    /// run on any thread, ahead of and beside other requests. Never throws: an unexpected failure is kept and thrown by
    /// <see cref="ProcessAsync(DuisAdmission, CancellationToken)"/>.
    /// </summary>
    /// <param name="body">The request bytes as received.</param>
    /// <param name="endpoint">Where it came in.</param>
    /// <param name="topicUser">For MQTT, the user whose requests topic carried it; else null.</param>
    public DuisAdmission Admit(byte[] body, DuisEndpoint endpoint, ulong? topicUser = null)
    {
        try
        {
            return TryAdmit(body, endpoint, topicUser, out var item, out var refused)
                ? DuisAdmission.Admitted(endpoint, item)
                : DuisAdmission.Refusal(endpoint, refused);
        }
        catch (Exception ex)
        {
            return DuisAdmission.Failure(endpoint, ex);
        }
    }

    /// <summary>
    /// Intake of one body up to the decision: load, XSD, header, XMLDSig, signer = originator (= <paramref name="topicUser"/>
    /// when given). True with the request to decide (<see cref="DuisRequestProcessor.DecideBatchAsync"/>, through the
    /// batcher); false with the outcome that refuses it (not signed yet: <see cref="Answer"/> signs it).
    /// </summary>
    /// <param name="body">The request bytes as received.</param>
    /// <param name="endpoint">Where it came in.</param>
    /// <param name="topicUser">For MQTT, the user whose requests topic carried it; else null.</param>
    /// <param name="item">The admitted request.</param>
    /// <param name="refused">Why it was not admitted.</param>
    public bool TryAdmit(byte[] body, DuisEndpoint endpoint, ulong? topicUser,
        [NotNullWhen(true)] out DuisBatchItem? item, [NotNullWhen(false)] out DuisOutcome? refused)
    {
        ArgumentNullException.ThrowIfNull(body);
        item = null;
        DuisRequest request;
        try
        {
            var document = SecureXml.Load(body, _processor.Xml);
            _processor.Schema.Validate(document);
            request = DuisRequestParser.Parse(document);
        }
        catch (DuisRejectedException ex)
        {
            refused = new DuisOutcome(DuisOutcomeKind.Refused, null, Shorten(ex.Message)) { RejectReason = ex.Reason };
            return false;
        }

        DuisSignatureInfo signature;
        try
        {
            signature = DuisSignature.Verify(request.Document, _processor.Signers);
        }
        catch (DuisRejectedException ex)
        {
            refused = Unauthenticated(request, ex.Reason, ex.Message);
            return false;
        }
        // A valid signature proves only who signed; before the counter is touched, that must be the user the RequestID
        // names, or one user could send (and burn the counters of) another.
        var id = request.Header.RequestId;
        var signer = CertificateIdentity.TryGetEui(signature.Signer);
        if (signer != id.Originator)
        {
            refused = Unauthenticated(request, DuisRejectReason.SignerUnknown,
                $"signed by {(signer is { } s ? s.ToString("X16", CultureInfo.InvariantCulture) : "a certificate naming no EUI")}, not by the originator {id.OriginatorHex}");
            return false;
        }
        // The directory names who signed, not whether that certificate may sign requests today.
        if (XmlSignCertificates.Unfit(signature.Signer, _processor.Time.GetUtcNow()) is { } unfit)
        {
            refused = Unauthenticated(request, DuisRejectReason.SignerUnknown,
                $"the certificate that signed (issuer '{signature.IssuerName}', serial {signature.SerialNumber}) {unfit}");
            return false;
        }
        if (topicUser is { } t && t != id.Originator)
        {
            refused = Unauthenticated(request, DuisRejectReason.SignerUnknown,
                $"request of {id.OriginatorHex} published on the topic of {t.ToString("X16", CultureInfo.InvariantCulture)}");
            return false;
        }
        item = new DuisBatchItem(request, signature, endpoint);
        refused = null;
        return true;
    }

    /// <summary>
    /// Signs the answer of <paramref name="outcome"/> (when it has one and is not signed yet) and logs it: the last step
    /// of <see cref="ProcessAsync(byte[], DuisEndpoint, ulong?, CancellationToken)"/>, for callers that decided a batch themselves (tests, benchmarks).
    /// </summary>
    /// <param name="outcome">A refusal of <see cref="TryAdmit"/>, or a decision with its <see cref="DuisOutcome.Request"/> set.</param>
    /// <param name="endpoint">Where the request came in (for the log).</param>
    public DuisOutcome Answer(DuisOutcome outcome, DuisEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Finish(outcome, outcome.Request, endpoint);
    }

    // The outcome with its request (the batch decides without it) and its signed answer, in one copy.
    private DuisOutcome Finish(DuisOutcome outcome, DuisRequest? request, DuisEndpoint endpoint)
    {
        var id = request?.Header.RequestId.ToString() ?? "(no RequestID)";
        // Reasons quote what the request carried (a header field, a schema error's value): escaped, so a sender cannot
        // forge log lines.
        switch (outcome.Kind)
        {
            case DuisOutcomeKind.Refused:
                LogRefused(endpoint, outcome.RejectReason ?? DuisRejectReason.Malformed, LogText.Untrusted(outcome.Reason));
                return outcome;
            case DuisOutcomeKind.Conflict:
                LogConflict(endpoint, id, LogText.Untrusted(outcome.Reason));
                return WithRequest(outcome, request);
            case DuisOutcomeKind.Unavailable:
            case DuisOutcomeKind.Failed:
            {
                // The client is given this id only; the error itself stays here, in the log line under it.
                var correlationId = ErrorCorrelation.NewId();
                LogNotDecided(outcome.Error, endpoint, id, outcome.Kind, correlationId, LogText.Untrusted(outcome.Reason));
                return outcome with { Request = request, CorrelationId = correlationId };
            }
        }
        if (request is null || outcome.ResponseCode is not { } code || outcome.ResponseBytes is not null) return WithRequest(outcome, request);
        if (outcome.RejectReason is { } why) LogRejected(endpoint, id, why, LogText.Untrusted(outcome.Reason));
        else LogAnswered(endpoint, id, LogText.Untrusted(request.Header.ServiceReferenceVariant), code, LogText.Untrusted(outcome.Reason));
        return outcome with { Request = request, ResponseBytes = _processor.Responses.SynchronousBytes(request.Header, request.SchemaVersion, code, outcome.Payload) };
    }

    // E1 "Failed Authorisation": the request is well-formed DUIS but cannot be attributed to its originator, so it is
    // answered, signed, for the RequestID it claims. Which E-code DCC uses here is not in the public sources (SEC-DCC.md
    // §1.3, row 0); E1 is the closest documented meaning.
    private static DuisOutcome Unauthenticated(DuisRequest request, DuisRejectReason reason, string message) =>
        new(DuisOutcomeKind.Unauthenticated, ResponseCodes.E1, message) { Request = request, RejectReason = reason };

    private static DuisOutcome WithRequest(DuisOutcome outcome, DuisRequest? request) =>
        ReferenceEquals(outcome.Request, request) ? outcome : outcome with { Request = request };

    private static string Shorten(string message) => message.Length <= 400 ? message : message[..400] + "...";

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUIS {Channel}: refused ({Reason}): {Message}")]
    private partial void LogRefused(DuisEndpoint channel, DuisRejectReason reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUIS {Channel}: {RequestId} answered E1 ({Reason}): {Message}")]
    private partial void LogRejected(DuisEndpoint channel, string requestId, DuisRejectReason reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUIS {Channel}: {RequestId} not answered (conflict): {Reason}")]
    private partial void LogConflict(DuisEndpoint channel, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "DUIS {Channel}: {RequestId} not answered ({Kind}, correlation id {CorrelationId}): {Reason}")]
    private partial void LogNotDecided(Exception? ex, DuisEndpoint channel, string requestId, DuisOutcomeKind kind, string correlationId, string reason);

    // One line per request answered: Debug, as the host's metrics count the answers by SRV and code (at Information it
    // was a console line per request, a few per cent of the adapter's CPU under load). Refusals and E-codes stay warnings.
    [LoggerMessage(Level = LogLevel.Debug, Message = "DUIS {Channel}: {RequestId} SRV {Srv} -> {Code}: {Reason}")]
    private partial void LogAnswered(DuisEndpoint channel, string requestId, string srv, string code, string reason);
}

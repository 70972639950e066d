using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CommsHub.Cloud.Http;

/// <summary>
/// The DCC Boxed-compatible DUIS endpoints: <c>POST /api/v1/serviceS</c>, <c>serviceT</c>, <c>serviceD</c>.
/// Answers:
/// <list type="bullet">
/// <item>200 + signed DUIS Response (application/xml): I99, an access-control E-code, or E1 when the signature does
/// not verify, the signer is not the originator, or the counter is replayed (header <c>X-CommsHub-Reject</c> names
/// the intake reason then).</item>
/// <item>415 text/plain: Content-Type is not application/xml.</item>
/// <item>413 text/plain: body larger than <c>CommsHub:Http:MaxRequestBodyBytes</c>.</item>
/// <item>409 text/plain: another pending request holds the same device, command originator and GBCS originator counter.</item>
/// <item>400 text/plain: not well-formed, DTD or entities, wrong root, XSD-invalid, or a bad header: no RequestID
/// can be trusted, so there is nothing to address a DUIS Response to.</item>
/// <item>503 text/plain + Retry-After: the store failed while handling the request (send it again with a new
/// RequestID counter).</item>
/// <item>500 text/plain: the request could not be decided for another reason; nothing kept.</item>
/// </list>
/// A 503 or 500 (also one for a failure the intake did not turn into an outcome) says what to do in fixed words and
/// carries a correlation id (also in <see cref="CorrelationHeader"/>):
/// the error itself, whose text can name database hosts, users and tables, is in the server log under that id only.
/// </summary>
public static partial class DuisHttpEndpoints
{
    /// <summary>Header naming the intake reason of an E1 answer (e.g. SignatureInvalid, Replay).</summary>
    public const string RejectHeader = "X-CommsHub-Reject";

    /// <summary>Header carrying the correlation id of a 503 or 500: the server log has the error under it.</summary>
    public const string CorrelationHeader = "X-CommsHub-Correlation-Id";

    /// <summary>Maps the three endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/serviceS", (HttpContext c, DuisIntake i, IOptions<CommsHubOptions> o, ILoggerFactory l) => HandleAsync(c, i, o.Value, l, DuisEndpoint.ServiceS));
        app.MapPost("/api/v1/serviceT", (HttpContext c, DuisIntake i, IOptions<CommsHubOptions> o, ILoggerFactory l) => HandleAsync(c, i, o.Value, l, DuisEndpoint.ServiceT));
        app.MapPost("/api/v1/serviceD", (HttpContext c, DuisIntake i, IOptions<CommsHubOptions> o, ILoggerFactory l) => HandleAsync(c, i, o.Value, l, DuisEndpoint.ServiceD));
    }

    private static async Task<IResult> HandleAsync(HttpContext context, DuisIntake intake, CommsHubOptions options, ILoggerFactory logs,
        DuisEndpoint channel)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase))
            return Results.Text("Content-Type must be application/xml\n", "text/plain", statusCode: StatusCodes.Status415UnsupportedMediaType);

        var limit = options.Http.MaxRequestBodyBytes;
        var body = await ReadCappedAsync(context, limit).ConfigureAwait(false);
        if (body is null)
            return Results.Text($"request body exceeds {limit} bytes\n", "text/plain", statusCode: StatusCodes.Status413PayloadTooLarge);

        // The intake returns once the request's decision is committed: only then is its answer sent.
        DuisOutcome outcome;
        try
        {
            outcome = await intake.ProcessAsync(body, channel, null, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // What the intake did not turn into an outcome (a bug before the decision, or a failure after it): fixed
            // words and a correlation id, so neither its text nor (in Development) a stack trace reaches the client.
            // Whether the request was kept is not known here, so the words do not claim it was not.
            var correlationId = ErrorCorrelation.NewId();
            LogEscaped(logs.CreateLogger(typeof(DuisHttpEndpoints).FullName!), ex, channel, correlationId);
            return Failure(context, correlationId, StatusCodes.Status500InternalServerError,
                "Internal Server Error: the request failed inside the adapter and whether it was kept is not known (if it was, its outcome reaches you asynchronously)");
        }
        if (outcome.ResponseBytes is { } response)
        {
            if (outcome.RejectReason is { } reason) context.Response.Headers[RejectHeader] = reason.ToString();
            return Results.Bytes(response, "application/xml");
        }
        var status = outcome.HttpStatus;
        switch (outcome.Kind)
        {
            case DuisOutcomeKind.Refused:
                return Results.Text($"{outcome.RejectReason}: {outcome.Reason}\n", "text/plain", statusCode: status);
            case DuisOutcomeKind.Conflict:
                return Results.Text($"Conflict: {outcome.Reason}\n", "text/plain", statusCode: status);
            // Fixed words and the correlation id only: the error's own text (the database's) stays in the server log.
            case DuisOutcomeKind.Unavailable:
                context.Response.Headers.RetryAfter = RetryAfterSeconds;
                return Failure(context, outcome.CorrelationId, StatusCodes.Status503ServiceUnavailable,
                    $"Service Unavailable: the adapter's store failed and nothing of the request was kept; send it again with a new RequestID counter after {RetryAfterSeconds} s (Retry-After)");
            default:
                return Failure(context, outcome.CorrelationId, StatusCodes.Status500InternalServerError,
                    "Internal Server Error: the request could not be decided and nothing of it was kept");
        }
    }

    private const string RetryAfterSeconds = "1";

    private static IResult Failure(HttpContext context, string? correlationId, int status, string text)
    {
        var id = correlationId ?? ErrorCorrelation.NewId();
        context.Response.Headers[CorrelationHeader] = id;
        return Results.Text($"{text}; correlation id {id} (quote it to the operator)\n", "text/plain", statusCode: status);
    }

    /// <summary>Reads the body, or returns null as soon as it is known to exceed <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > limit) return null;
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "DUIS {Channel}: request not answered (failed outside the intake's decision, correlation id {CorrelationId})")]
    private static partial void LogEscaped(ILogger logger, Exception ex, DuisEndpoint channel, string correlationId);
}

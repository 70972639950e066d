using CommsHub.Cloud.Adapter;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Pipeline;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cloud.Http;

/// <summary>
/// Operator endpoints for anomaly detection (SEC-DCC.md §1.5): <c>GET /api/v1/operator/alerts</c>,
/// <c>GET /api/v1/operator/quarantines</c> (open ones), <c>POST /api/v1/operator/quarantines/{id}/release</c> and
/// <c>/reject</c> (JSON summary; 404 unknown id; 409 when the quarantine was already resolved the other way; 503 with
/// Retry-After when the store failed, 500 for anything else: fixed words and a correlation id, the error itself in the
/// server log under that id). A held request the action could not move on is listed in the summary's
/// <c>failures</c> the same way: fixed words and a correlation id, its error in the log.
/// </summary>
/// <remarks>
/// Every request needs the operator token (<see cref="OperatorAccess.Policy"/>): 401 with <c>WWW-Authenticate</c>
/// without it or with a wrong one; 403 from a non-loopback peer when <c>CommsHub:Operator:LoopbackOnly</c> is set.
/// There is one shared token, so the acting operator's name comes from the <c>operator</c> query parameter (audit
/// trail only, not verified; default <c>operator</c>).
/// </remarks>
public static partial class OperatorEndpoints
{
    /// <summary>Header carrying the correlation id of a 503 or 500 (the same as the DUIS endpoints').</summary>
    public const string CorrelationHeader = DuisHttpEndpoints.CorrelationHeader;

    /// <summary>One alert.</summary>
    public sealed record AlertView(DateTimeOffset At, string Kind, string User, string Srv, long QuarantineId, string Message);

    /// <summary>One quarantine.</summary>
    public sealed record QuarantineView(long Id, string User, string Srv, DateTimeOffset OpenedAt, string Reason, string State,
        IReadOnlyList<string> Held);

    /// <summary>What a release or reject did.</summary>
    public sealed record ResolutionView(long Id, string User, string Srv, string State, string ResponseCode,
        IReadOnlyList<string> Dispatched, IReadOnlyList<string> Queued, IReadOnlyList<string> Answered,
        IReadOnlyList<string> Skipped, IReadOnlyList<FailureView> Failures);

    /// <summary>
    /// A held request the release or reject could not move on: fixed words with a correlation id; the error itself is
    /// in the server log under that id (like a 500's).
    /// </summary>
    public sealed record FailureView(string RequestId, string Error, string CorrelationId);

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/operator").RequireAuthorization(OperatorAccess.Policy);

        group.MapGet("/alerts", (LoggingOperatorAlerts alerts) => Results.Json(alerts.Recent.Select(a =>
            new AlertView(a.At, a.Kind, Eui64.ToText(a.UserEui), a.Srv, a.QuarantineId, a.Message))));

        group.MapGet("/quarantines", (IDccStore store) => Results.Json(store.Quarantines.ListOpen().Select(q =>
            new QuarantineView(q.Id, Eui64.ToText(q.UserEui), q.Srv, q.OpenedAt, q.Reason, State(q.State), store.Quarantines.Held(q.Id)))));

        group.MapPost("/quarantines/{id:long}/release", (HttpContext c, long id, string? @operator, QuarantineResolver resolver, ILoggerFactory logs, CancellationToken ct) =>
            ResolveAsync(c, logs, "release", () => resolver.ReleaseAsync(id, OperatorName(@operator), ct), id));
        group.MapPost("/quarantines/{id:long}/reject", (HttpContext c, long id, string? @operator, QuarantineResolver resolver, ILoggerFactory logs, CancellationToken ct) =>
            ResolveAsync(c, logs, "reject", () => resolver.RejectAsync(id, OperatorName(@operator), ct), id));
    }

    private static string OperatorName(string? name) => string.IsNullOrWhiteSpace(name) ? OperatorTokenHandler.PrincipalName : name.Trim();

    private static string State(QuarantineState s) => s.ToString().ToLowerInvariant();

    private static async Task<IResult> ResolveAsync(HttpContext context, ILoggerFactory logs, string action,
        Func<Task<QuarantineResolutionSummary?>> act, long id)
    {
        QuarantineResolutionSummary? s;
        try
        {
            s = await act().ConfigureAwait(false);
        }
        catch (QuarantineResolvedException ex)
        {
            // The resolver's own words ("quarantine #7 is already rejected"): nothing internal.
            return Results.Text($"Conflict: {ex.Message}\n", "text/plain", statusCode: StatusCodes.Status409Conflict);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // Any other failure is the adapter's, not the operator's: its text (the database's, a bug's) goes to the log
            // only. Release and reject are idempotent, so the same action again finishes whatever this one left.
            var correlationId = ErrorCorrelation.NewId();
            LogResolveFailed(logs.CreateLogger(typeof(OperatorEndpoints).FullName!), ex, action, id, correlationId);
            context.Response.Headers[CorrelationHeader] = correlationId;
            if (!StoreFailure.Is(ex))
                return Results.Text($"Internal Server Error: the {action} of quarantine #{id} failed; correlation id {correlationId} (quote it to the operator of the adapter)\n",
                    "text/plain", statusCode: StatusCodes.Status500InternalServerError);
            context.Response.Headers.RetryAfter = "1";
            return Results.Text($"Service Unavailable: the adapter's store failed during the {action} of quarantine #{id}; send the same {action} again after Retry-After; correlation id {correlationId}\n",
                "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (s is null) return Results.Text($"quarantine #{id} does not exist\n", "text/plain", statusCode: StatusCodes.Status404NotFound);
        return Results.Json(new ResolutionView(s.QuarantineId, Eui64.ToText(s.UserEui), s.Srv, State(s.State), s.ResponseCode,
            s.Dispatched, s.Queued, s.Answered, s.Skipped, Failures(logs, action, id, s.Failures)));
    }

    // A held request's failure carries the exception's text (the database's, a bug's): it goes to the log under a
    // correlation id, the operator gets fixed words and the id.
    private static List<FailureView> Failures(ILoggerFactory logs, string action, long id, IReadOnlyList<QuarantineFailure> failures)
    {
        var views = new List<FailureView>(failures.Count);
        foreach (var f in failures)
        {
            var correlationId = ErrorCorrelation.NewId();
            LogRequestFailed(logs.CreateLogger(typeof(OperatorEndpoints).FullName!), f.Cause, action, id, f.RequestId, correlationId, f.Error);
            views.Add(new FailureView(f.RequestId,
                $"the {action} of this request failed inside the adapter; send the same {action} again to finish it; correlation id {correlationId}",
                correlationId));
        }
        return views;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "operator {Action} of quarantine #{QuarantineId} failed (correlation id {CorrelationId})")]
    private static partial void LogResolveFailed(ILogger logger, Exception ex, string action, long quarantineId, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "operator {Action} of quarantine #{QuarantineId}: held request {RequestId} failed (correlation id {CorrelationId}): {Error}")]
    private static partial void LogRequestFailed(ILogger logger, Exception? ex, string action, long quarantineId, string requestId, string correlationId, string error);
}

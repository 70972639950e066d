using CommsHub.Cloud.Adapter;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cloud.Http;

/// <summary>
/// Operator endpoints for anomaly detection (SEC-DCC.md §1.5): <c>GET /api/v1/operator/alerts</c>,
/// <c>GET /api/v1/operator/quarantines</c> (open ones), <c>POST /api/v1/operator/quarantines/{id}/release</c> and
/// <c>/reject</c> (JSON summary; 404 unknown id; 409 when the quarantine was already resolved the other way).
/// </summary>
/// <remarks>
/// Every request needs the operator token (<see cref="OperatorAccess.Policy"/>): 401 with <c>WWW-Authenticate</c>
/// without it or with a wrong one; 403 from a non-loopback peer when <c>CommsHub:Operator:LoopbackOnly</c> is set.
/// There is one shared token, so the acting operator's name comes from the <c>operator</c> query parameter (audit
/// trail only, not verified; default <c>operator</c>).
/// </remarks>
public static class OperatorEndpoints
{
    /// <summary>One alert.</summary>
    public sealed record AlertView(DateTimeOffset At, string Kind, string User, string Srv, long QuarantineId, string Message);

    /// <summary>One quarantine.</summary>
    public sealed record QuarantineView(long Id, string User, string Srv, DateTimeOffset OpenedAt, string Reason, string State,
        IReadOnlyList<string> Held);

    /// <summary>What a release or reject did.</summary>
    public sealed record ResolutionView(long Id, string User, string Srv, string State, string ResponseCode,
        IReadOnlyList<string> Dispatched, IReadOnlyList<string> Queued, IReadOnlyList<string> Answered,
        IReadOnlyList<string> Skipped, IReadOnlyList<QuarantineFailure> Failures);

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/operator").RequireAuthorization(OperatorAccess.Policy);

        group.MapGet("/alerts", (LoggingOperatorAlerts alerts) => Results.Json(alerts.Recent.Select(a =>
            new AlertView(a.At, a.Kind, Eui64.ToText(a.UserEui), a.Srv, a.QuarantineId, a.Message))));

        group.MapGet("/quarantines", (IDccStore store) => Results.Json(store.Quarantines.ListOpen().Select(q =>
            new QuarantineView(q.Id, Eui64.ToText(q.UserEui), q.Srv, q.OpenedAt, q.Reason, State(q.State), store.Quarantines.Held(q.Id)))));

        group.MapPost("/quarantines/{id:long}/release", (long id, string? @operator, QuarantineResolver resolver, CancellationToken ct) =>
            ResolveAsync(() => resolver.ReleaseAsync(id, OperatorName(@operator), ct), id));
        group.MapPost("/quarantines/{id:long}/reject", (long id, string? @operator, QuarantineResolver resolver, CancellationToken ct) =>
            ResolveAsync(() => resolver.RejectAsync(id, OperatorName(@operator), ct), id));
    }

    private static string OperatorName(string? name) => string.IsNullOrWhiteSpace(name) ? OperatorTokenHandler.PrincipalName : name.Trim();

    private static string State(QuarantineState s) => s.ToString().ToLowerInvariant();

    private static async Task<IResult> ResolveAsync(Func<Task<QuarantineResolutionSummary?>> act, long id)
    {
        QuarantineResolutionSummary? s;
        try
        {
            s = await act().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            return Results.Text($"Conflict: {ex.Message}\n", "text/plain", statusCode: StatusCodes.Status409Conflict);
        }
        if (s is null) return Results.Text($"quarantine #{id} does not exist\n", "text/plain", statusCode: StatusCodes.Status404NotFound);
        return Results.Json(new ResolutionView(s.QuarantineId, Eui64.ToText(s.UserEui), s.Srv, State(s.State), s.ResponseCode,
            s.Dispatched, s.Queued, s.Answered, s.Skipped, s.Failures));
    }
}

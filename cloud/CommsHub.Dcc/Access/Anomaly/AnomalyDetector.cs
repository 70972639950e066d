using System.Globalization;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Access;

/// <summary>What an operator's release or rejection did.</summary>
/// <param name="Episode">The quarantine as it was when opened.</param>
/// <param name="HeldRequestIds">The RequestIDs it held, in arrival order: dispatch them (released) or answer them (rejected).</param>
/// <param name="ResponseCode">I99 when released; E3 when rejected.</param>
public sealed record QuarantineResolution(QuarantineEpisode Episode, IReadOnlyList<string> HeldRequestIds, string ResponseCode);

/// <summary>
/// Threshold Anomaly Detection (SEC-DCC.md §1.5): counts each user's requests per SRV over a sliding window; when a
/// count passes its threshold the request and every later one of that user and SRV are quarantined, and an operator
/// alert is raised, until an operator releases them (they proceed) or rejects them.
/// </summary>
/// <remarks>
/// Rejected requests are answered with <b>E3</b> ("User Status not permitted to send Service Reference"): the SEC's
/// procedure ends a quarantine with the DCC deleting the communications (SEC-DCC.md §1.5) but the DUIS code for that was
/// not found; of the codes found, a rejection is a decision about this user's standing for this SRV, which is what E3
/// states. Neither E2 (the role may send it) nor E4 (the device is theirs) would be true.
/// <para>What counts: only requests that passed every other check (<see cref="AccessControl"/> asks last), and not
/// those joining an open quarantine (they are held already). SEC-DCC.md §1.5 counts "communications" against the
/// threshold and quarantines the offending ones, without saying whether refused ones count; the existing behaviour is
/// kept: a request refused with an E-code is already stopped and audited, quarantine is for communications that would
/// otherwise reach a device, and counting refusals would let a user's own mistakes quarantine its valid traffic.</para>
/// <para>Where: <see cref="AnomalyOptions.Counting"/> picks the counter. In-process (<see cref="SlidingWindowCounter"/>)
/// each instance counts its own share; shared (<see cref="StoreWindowCounter"/>) every instance on the database adds to
/// one count, inside the request's unit of work, so a request whose transaction rolls back is not counted. Quarantines
/// are shared through the store either way.</para>
/// </remarks>
public sealed class AnomalyDetector
{
    /// <summary>Audit actor prefix of operator decisions.</summary>
    private const string OperatorPrefix = "operator:";

    private readonly IQuarantineStore _quarantines;
    private readonly IAuditTrail _audit;
    private readonly IOperatorAlerts _alerts;
    private readonly AnomalyOptions _options;
    private readonly TimeProvider _time;
    private readonly IAnomalyWindowCounter _window;

    /// <summary>Creates the detector.</summary>
    /// <param name="quarantines">Where quarantines and the requests they hold are kept.</param>
    /// <param name="audit">Where operator decisions are recorded.</param>
    /// <param name="alerts">Where breaches are reported.</param>
    /// <param name="options">Window and thresholds.</param>
    /// <param name="time">Clock of operator decisions; system clock when null.</param>
    /// <param name="window">The request counter; a new in-process <see cref="SlidingWindowCounter"/> when null.</param>
    public AnomalyDetector(IQuarantineStore quarantines, IAuditTrail audit, IOperatorAlerts alerts, AnomalyOptions options, TimeProvider? time = null,
        IAnomalyWindowCounter? window = null)
    {
        _quarantines = quarantines ?? throw new ArgumentNullException(nameof(quarantines));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _alerts = alerts ?? throw new ArgumentNullException(nameof(alerts));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _window = window ?? new SlidingWindowCounter();
    }

    /// <summary>
    /// Counts a request that passed every other check. Returns the quarantine now holding it, or null when it may go.
    /// </summary>
    public QuarantineEpisode? Observe(ulong userEui, string srv, string requestId, DateTimeOffset at, out string reason)
    {
        // A quarantine resolved between finding and holding (Hold returns false) is looked at again: the request then
        // joins a newer quarantine or is counted afresh. Three rounds are plenty; each needs an operator action to lose.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (_quarantines.FindOpen(userEui, srv) is { } open)
            {
                if (!_quarantines.Hold(open.Id, requestId, at)) continue;
                reason = $"held by anomaly quarantine #{open.Id} of user {Eui64.ToText(userEui)} for {srv} (open since {Iso(open.OpenedAt)}: {open.Reason}); awaiting an operator";
                return open;
            }
            var count = _window.Add(userEui, srv, at, _options.Window);
            var max = _options.MaxRequestsFor(userEui, srv);
            if (count <= max)
            {
                reason = "";
                return null;
            }
            var breach = $"{count} requests for {srv} within {_options.Window}, threshold {max}";
            var episode = _quarantines.Open(userEui, srv, at, breach);
            if (!_quarantines.Hold(episode.Id, requestId, at)) continue;
            reason = $"anomaly detected ({breach}): quarantined as #{episode.Id}; an operator must release or reject it";
            // Two instances breaching at once may both alert; the quarantine is one, so a duplicate alert is harmless.
            _alerts.Raise(new OperatorAlert(at, "anomaly-quarantine", userEui, srv, episode.Id,
                $"user {Eui64.ToText(userEui)}: {breach}; requests of this user for {srv} are held in quarantine #{episode.Id}"));
            return episode;
        }
        throw new InvalidOperationException($"anomaly quarantine of user {Eui64.ToText(userEui)} for {srv} kept being resolved while holding request {requestId}");
    }

    /// <summary>Lets the held requests proceed and closes the quarantine; the window restarts for that user and SRV.</summary>
    /// <exception cref="InvalidOperationException">the quarantine is unknown or no longer open.</exception>
    public QuarantineResolution Release(long quarantineId, string operatorName) =>
        Resolve(quarantineId, operatorName, QuarantineState.Released);

    /// <summary>Refuses the held requests (E3) and closes the quarantine.</summary>
    /// <exception cref="InvalidOperationException">the quarantine is unknown or no longer open.</exception>
    public QuarantineResolution Reject(long quarantineId, string operatorName) =>
        Resolve(quarantineId, operatorName, QuarantineState.Rejected);

    private QuarantineResolution Resolve(long id, string operatorName, QuarantineState outcome)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        var episode = _quarantines.Get(id) ?? throw new InvalidOperationException($"quarantine #{id} does not exist");
        var now = _time.GetUtcNow();
        // The conditional close is what makes a double click (or two operators) resolve it once.
        if (!_quarantines.Resolve(id, outcome, operatorName, now))
            throw new InvalidOperationException($"quarantine #{id} is not open (already {_quarantines.Get(id)?.State})");
        var held = _quarantines.Held(id);
        var released = outcome == QuarantineState.Released;
        var code = released ? ResponseCodes.I99 : ResponseCodes.E3;
        foreach (var requestId in held)
        {
            _audit.Append(new AuditEntry(now, OperatorPrefix + operatorName, episode.UserEui, episode.Srv, requestId, null, code,
                released ? AccessOutcome.Accepted : AccessOutcome.Rejected,
                released
                    ? $"released from anomaly quarantine #{id} by operator {operatorName}"
                    : $"rejected by operator {operatorName} after anomaly quarantine #{id} ({episode.Reason}): user status does not permit these requests"));
        }
        if (released) _window.Reset(episode.UserEui, episode.Srv);
        return new QuarantineResolution(episode, held, code);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

using System.Globalization;
using CommsHub.Dcc.Storage;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Access;

/// <summary>
/// SEC access control for DUIS Service Requests: answers I99 or the E-code of the first failed check, and records
/// every decision with its reason in the audit trail.
/// </summary>
/// <remarks>
/// Check sequence (SEC-DCC.md §1.3; its clause order was not found, so the order is the one the checks depend on):
/// E1 user and role known (and signed with the user's certificate) -> E2 role eligible for the SRV (DUIS matrix,
/// <see cref="EligibilityCheck"/>) -> E3 user status -> E19 device in the inventory -> E4 user is the registered party
/// for the device's MPxN at the required time -> E5 SMI status (<see cref="SmiStatusRules"/>) -> E11 device type
/// (<see cref="SrvDeviceTypes"/>) -> E12 command variant -> E13 endpoint -> E17 local delivery -> Other User consent
/// (E4) -> anomaly detection (quarantine). E19 comes before E4 because registration is looked up through the device.
/// A decision that cannot be written to the audit trail is not made: the exception propagates and the request fails.
/// </remarks>
public sealed class AccessControl
{
    /// <summary>Audit actor of decisions made here.</summary>
    public const string Actor = "access-control";

    private readonly UserDirectory _users;
    private readonly RegistrationData _registration;
    private readonly SmartMeteringInventory _inventory;
    private readonly IConsentStore _consents;
    private readonly IAuditTrail _audit;
    private readonly AccessControlOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates access control over a store.</summary>
    public AccessControl(IDccStore store, AccessControlOptions? options = null, IOperatorAlerts? alerts = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _options = options ?? new AccessControlOptions();
        _time = time ?? TimeProvider.System;
        _users = new UserDirectory(store.Users);
        _registration = new RegistrationData(store.Registration);
        _inventory = new SmartMeteringInventory(store.Inventory);
        _consents = store.Consents;
        _audit = store.Audit;
        Anomalies = new AnomalyDetector(store.Quarantines, store.Audit, alerts ?? new InMemoryOperatorAlerts(), _options.Anomaly, _time,
            WindowCounter(store, _options.Anomaly));
    }

    // Shared counting needs the store's table; in-process keeps the detector's default, the cheaper per request.
    private static IAnomalyWindowCounter? WindowCounter(IDccStore store, AnomalyOptions anomaly) => anomaly.Counting switch
    {
        AnomalyCounting.InProcess => null,
        AnomalyCounting.Shared => new StoreWindowCounter(store.AnomalyCounts, anomaly.EffectiveBucketWidth()),
        var other => throw new ArgumentOutOfRangeException(nameof(anomaly), other, "unknown anomaly counting mode"),
    };

    /// <summary>Anomaly detection, for operators to release or reject quarantines.</summary>
    public AnomalyDetector Anomalies { get; }

    /// <summary>Runs the checks, records the decision and returns it.</summary>
    public AccessDecision Check(AccessRequest request) => DecideAndRecord(request, observeAnomalies: true);

    /// <summary>
    /// Runs the checks of <see cref="Check"/> except anomaly detection, records the decision and returns it: for a request
    /// that is not sent now but authorised ahead of its runs (the SRV a DUIS 5.1 Create Schedule schedules). The 5.1
    /// request itself was counted by <see cref="Check"/>; counting its scheduled SRV too would count one request twice.
    /// </summary>
    public AccessDecision Authorise(AccessRequest request) => DecideAndRecord(request, observeAnomalies: false);

    private AccessDecision DecideAndRecord(AccessRequest request, bool observeAnomalies)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var decision = Decide(request, now, observeAnomalies);
        _audit.Append(new AuditEntry(now, Actor, request.UserEui, request.Srv, request.RequestId.ToString(), request.DeviceId,
            decision.ResponseCode, decision.Outcome, decision.Reason));
        return decision;
    }

    private AccessDecision Decide(AccessRequest r, DateTimeOffset now, bool observeAnomalies)
    {
        var userHex = Eui64.ToText(r.UserEui);

        // E1: a known user, in a role it holds, signing with its own certificate.
        var user = _users.Find(r.UserEui);
        if (user is null) return Reject(ResponseCodes.E1, $"user {userHex} is not a DCC User");
        if (user.Roles.Count == 0) return Reject(ResponseCodes.E1, $"user {userHex} holds no User Role");
        if (r.AssertedRole is { } asserted && !user.Holds(asserted))
            return Reject(ResponseCodes.E1, $"user {userHex} does not hold the role {asserted.Code()} (holds {Codes(user.Roles)})");
        if (r.Signer is { } signer && !UserDirectory.SignedBy(user, signer))
            return Reject(ResponseCodes.E1, $"signature certificate (issuer '{signer.IssuerName}', serial {signer.SerialNumberHex}) is not the XML-sign certificate of user {userHex}");

        // E2: the DUIS eligibility matrix.
        var info = SrvCatalogue.Find(r.Srv);
        if (info is null) return Reject(ResponseCodes.E2, $"'{r.Srv}' is not a DUIS Service Reference Variant");
        var held = r.AssertedRole is { } a ? [a] : user.Roles.Order().ToList();
        var candidates = held.Where(role => EligibilityCheck.IsEligible(role, r.Srv)).ToList();
        if (candidates.Count == 0)
        {
            var eligible = info.EligibleRoles.Count == 0 ? "the DUIS matrix names no eligible role" : $"eligible: {Codes(info.EligibleRoles)}";
            return Reject(ResponseCodes.E2, $"role {Codes(held)} may not send {r.Srv} {info.Name} ({eligible})");
        }

        // E3: user status.
        if (user.Status != UserStatus.Active)
            return Reject(ResponseCodes.E3, $"user {userHex} is {user.Status}; only Active users may send Service Requests");

        // E19, E4, E5, E11: the device.
        var at = r.RequiredAt ?? now;
        var rule = SmiStatusRules.RuleFor(r.Srv);
        InventoryDevice? device = null;
        IReadOnlyList<string> mpxns = [];
        var acting = candidates[0];
        if (r.DeviceId is { } deviceId)
        {
            device = _inventory.Find(deviceId);
            if (device is null && !rule.DeviceMayBeUnknown)
                return Reject(ResponseCodes.E19, $"device {Eui64.ToText(deviceId)} is not in the Smart Metering Inventory");
        }
        if (device is not null)
        {
            var deviceHex = Eui64.ToText(device.Eui);
            mpxns = _inventory.MpxnsFor(device);
            var registered = candidates.Where(RegistrationData.IsRegistrable)
                .Select(role => (UserRole?)role)
                .FirstOrDefault(role => _registration.IsRegistered(user.Eui, role!.Value, mpxns, at));
            if (registered is { } role) acting = role;
            else if (candidates.Contains(UserRole.OtherUser)) acting = UserRole.OtherUser; // not registered; consent decides below
            else
            {
                var where = mpxns.Count == 0 ? "no MPxN is associated with it" : $"MPxN {string.Join(", ", mpxns)}";
                return Reject(ResponseCodes.E4, $"user {userHex} is not the registered {Codes(candidates)} for device {deviceHex} ({where}) at {Iso(at)}");
            }
            if (!rule.Accepted.Contains(device.Status))
                return Reject(ResponseCodes.E5, $"device {deviceHex} is {device.Status}; {r.Srv} ({rule.Class}) accepts {string.Join(", ", rule.Accepted.Order())}: {rule.Reason}", acting);
            if (!SrvDeviceTypes.Allows(r.Srv, device.Type))
                return Reject(ResponseCodes.E11, $"{r.Srv} {info.Name} cannot address a {device.Type} (device {deviceHex}); it addresses {string.Join(", ", SrvDeviceTypes.For(r.Srv)!.Order())}", acting);
        }

        // E12, E13, E17: how the request was sent.
        if (!EligibilityCheck.IsCommandVariantAllowed(r.Srv, r.CommandVariant))
            return Reject(ResponseCodes.E12, $"command variant {r.CommandVariant} is not applicable to {r.Srv} (allowed: {string.Join(", ", info.CommandVariants.Order())})", acting);
        if (!DuisEndpoints.Accepts(r.Endpoint, r.CommandVariant))
            return Reject(ResponseCodes.E13, $"command variant {r.CommandVariant} requests belong on {DuisEndpoints.HttpEndpointFor(r.CommandVariant)?.Path() ?? "no web service"}, not {r.Endpoint.Path()}", acting);
        if (r.CommandVariant is 2 or 3 or 6 or 7 && !_options.LocalDeliveryRoles.Contains(acting))
            return Reject(ResponseCodes.E17, $"local delivery (command variant {r.CommandVariant}) is not available to role {acting.Code()}", acting);

        // Other User consent (SEC Section I): answered with E4, since consent is what authorises an OU for that device.
        if (acting == UserRole.OtherUser && device is not null && ConsentRules.PurposeOf(r.Srv) is { } purpose)
        {
            var consented = mpxns.Any(m => _consents.For(user.Eui, m).Any(c => c.Purpose == purpose && c.InForce(at)));
            if (!consented)
            {
                var where = mpxns.Count == 0 ? "the device has no MPxN" : $"MPxN {string.Join(", ", mpxns)}";
                return Reject(ResponseCodes.E4, $"Other User {userHex} has no {purpose} consent in force for {where} at {Iso(at)}, which {r.Srv} requires", acting);
            }
        }

        // Anomaly detection last: only requests that would otherwise go count towards a user's threshold.
        var anomaly = "";
        var quarantine = observeAnomalies ? Anomalies.Observe(user.Eui, r.Srv, r.RequestId.ToString(), now, out anomaly) : null;
        if (quarantine is not null)
            return new AccessDecision(ResponseCodes.I99, anomaly, AccessOutcome.Quarantined, acting, quarantine.Id);

        var subject = device is null ? "" : $" for device {Eui64.ToText(device.Eui)} ({device.Type}, {device.Status})";
        return new AccessDecision(ResponseCodes.I99, $"accepted: {r.Srv} as {acting.Code()}{subject}", AccessOutcome.Accepted, acting);
    }

    private static AccessDecision Reject(string code, string reason, UserRole? acting = null) =>
        new(code, reason, AccessOutcome.Rejected, acting);

    private static string Codes(IEnumerable<UserRole> roles) => string.Join("/", roles.Order().Select(r => r.Code()));

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

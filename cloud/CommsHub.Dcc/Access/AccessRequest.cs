using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Access;

/// <summary>What access control needs to know about one DUIS request (after XSD, signature and replay checks).</summary>
/// <param name="RequestId">Originator (the user), target and counter.</param>
/// <param name="Srv">Service Reference Variant, e.g. "4.1.1".</param>
/// <param name="CommandVariant">1..8.</param>
/// <param name="Endpoint">Where it arrived (E13).</param>
/// <param name="DeviceId">
/// The device the request is about: the RequestID target for device SRVs; for Non-Device SRVs the body's DeviceID
/// (8.3, 8.4, 8.14.x, 12.2, 11.1 ...) or null when the body names none (12.1 by UPRN, 8.2 by postcode). When null
/// the device checks (E19, E4, E5, E11, consent) do not apply.
/// </param>
/// <param name="RequiredAt">The date and time the request is for (E4 "required date and time", consent): the execution
/// time of a future-dated request; null means now.</param>
/// <param name="AssertedRole">The role the request claims, when the transport tells (e.g. from the signing
/// certificate); null lets access control pick among the roles the user holds.</param>
/// <param name="Signer">The XML-sign certificate the request's signature named; when given it must be the user's (E1).</param>
public sealed record AccessRequest(
    RequestId RequestId,
    string Srv,
    int CommandVariant,
    DuisEndpoint Endpoint,
    ulong? DeviceId,
    DateTimeOffset? RequiredAt = null,
    UserRole? AssertedRole = null,
    XmlSignIdentity? Signer = null)
{
    /// <summary>The user: the RequestID's originator.</summary>
    public ulong UserEui => RequestId.Originator;

    /// <summary>
    /// Builds the request from a parsed DUIS header. For device SRVs the device is the RequestID target; for
    /// Non-Device SRVs pass the body's DeviceID (if any) as <paramref name="nonDeviceSubject"/>.
    /// </summary>
    public static AccessRequest From(DuisHeader header, DuisEndpoint endpoint, ulong? nonDeviceSubject = null,
        DateTimeOffset? requiredAt = null, XmlSignIdentity? signer = null)
    {
        var info = SrvCatalogue.Find(header.ServiceReferenceVariant);
        var device = info is { NonDevice: true } ? nonDeviceSubject : header.RequestId.Target;
        return new AccessRequest(header.RequestId, header.ServiceReferenceVariant, header.CommandVariant, endpoint,
            device, requiredAt, null, signer);
    }
}

/// <summary>What became of a request at access control.</summary>
public enum AccessOutcome
{
    /// <summary>Passed every check (I99).</summary>
    Accepted,
    /// <summary>Refused with an E-code.</summary>
    Rejected,
    /// <summary>
    /// Passed access control (I99 acknowledgement) but held by anomaly detection: it must not be dispatched until an
    /// operator releases it; a rejection then answers it with E3.
    /// </summary>
    Quarantined,
}

/// <summary>The answer of <see cref="AccessControl.Check"/>.</summary>
/// <param name="ResponseCode">DUIS response code: I99 when accepted or quarantined, else the E-code.</param>
/// <param name="Reason">Why, in words (also in the audit trail).</param>
/// <param name="Outcome">Accepted, rejected or quarantined.</param>
/// <param name="ActingRole">The role the request was accepted in; null when refused before a role was settled.</param>
/// <param name="QuarantineId">The quarantine holding the request, when quarantined.</param>
public sealed record AccessDecision(string ResponseCode, string Reason, AccessOutcome Outcome, UserRole? ActingRole = null, long? QuarantineId = null)
{
    /// <summary>True when the request may be dispatched now.</summary>
    public bool IsAccepted => Outcome == AccessOutcome.Accepted;
}

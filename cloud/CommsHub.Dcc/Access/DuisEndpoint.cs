namespace CommsHub.Dcc.Access;

/// <summary>Where a DUIS request came in (DESIGN.md, Contracts: DUIS over HTTP, MQTT topics).</summary>
public enum DuisEndpoint
{
    /// <summary><c>POST /api/v1/serviceS</c>, Send Command Service: CV 1, 3, 5, 7.</summary>
    ServiceS,
    /// <summary><c>POST /api/v1/serviceT</c>, Transform Service: CV 4.</summary>
    ServiceT,
    /// <summary><c>POST /api/v1/serviceD</c>, DCC-only / Non-Device Service: CV 2, 6, 8.</summary>
    ServiceD,
    /// <summary>
    /// <c>dcc/users/{EUI}/requests</c>. One topic carries every command variant, so there is no URL to get wrong
    /// and the E13 check does not apply.
    /// </summary>
    Mqtt,
}

/// <summary>The E13 rule: which web service each command variant belongs to (SEC-DCC.md §1.4, XSD CommandVariant comments).</summary>
public static class DuisEndpoints
{
    /// <summary>The HTTP endpoint that accepts <paramref name="commandVariant"/>; null for a variant with none (CV 9 is DCC-internal).</summary>
    public static DuisEndpoint? HttpEndpointFor(int commandVariant) => commandVariant switch
    {
        1 or 3 or 5 or 7 => DuisEndpoint.ServiceS,
        4 => DuisEndpoint.ServiceT,
        2 or 6 or 8 => DuisEndpoint.ServiceD,
        _ => null,
    };

    /// <summary>True when a request of <paramref name="commandVariant"/> may arrive on <paramref name="endpoint"/>.</summary>
    public static bool Accepts(DuisEndpoint endpoint, int commandVariant) =>
        endpoint == DuisEndpoint.Mqtt || HttpEndpointFor(commandVariant) == endpoint;

    /// <summary>The URL path of an HTTP endpoint, for messages.</summary>
    public static string Path(this DuisEndpoint endpoint) => endpoint switch
    {
        DuisEndpoint.ServiceS => "/api/v1/serviceS",
        DuisEndpoint.ServiceT => "/api/v1/serviceT",
        DuisEndpoint.ServiceD => "/api/v1/serviceD",
        _ => "dcc/users/{EUI}/requests",
    };
}

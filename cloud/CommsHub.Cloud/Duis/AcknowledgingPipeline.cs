using CommsHub.Dcc.Access;

namespace CommsHub.Cloud.Duis;

/// <summary>
/// The stand-in <see cref="IDuisPipeline"/> until access control, transform and dispatch are wired in: the checks
/// that need no Registration Data or inventory (E2 role eligibility over the 129-SRV matrix, E12 command variant,
/// E13 URL), then I99. Nothing is persisted or sent to a hub.
/// </summary>
/// <remarks>
/// TODO(lead): replace with an IDuisPipeline over CommsHub.Dcc.Pipeline.DuisRequestProcessor.DecideAsync (it takes the
/// request after intake, as here) once the host opens the SQLite IDccStore, the transformer with the ACB keys and
/// MqttCommandDispatcher over <see cref="Mqtt.EmbeddedBroker"/> (an IMqttPublisher).
/// </remarks>
public sealed class AcknowledgingPipeline : IDuisPipeline
{
    /// <inheritdoc/>
    public ValueTask<DuisPipelineResult> ProcessAsync(AuthenticatedDuisRequest request, CancellationToken cancellationToken)
    {
        var header = request.Request.Header;
        var srv = header.ServiceReferenceVariant;
        var cv = header.CommandVariant;
        DuisPipelineResult result;
        if (!SrvCatalogue.Contains(srv))
            result = new(ResponseCodes.E2, $"SRV {srv} is not a DUIS service reference variant");
        else if (!request.User.Roles.Any(role => EligibilityCheck.IsEligible(role, srv)))
            result = new(ResponseCodes.E2, $"none of the user's roles ({string.Join(", ", request.User.Roles.Select(r => r.Code()))}) may send SRV {srv}");
        else if (!EligibilityCheck.IsCommandVariantAllowed(srv, cv))
            result = new(ResponseCodes.E12, $"command variant {cv} is not allowed for SRV {srv}");
        else if (!DuisEndpoints.Accepts(request.Channel, cv))
            result = new(ResponseCodes.E13, $"command variant {cv} does not belong on {request.Channel}");
        else
            result = new(ResponseCodes.I99, "accepted (acknowledgement only: access control, transform and dispatch are not wired in yet)");
        return ValueTask.FromResult(result);
    }
}

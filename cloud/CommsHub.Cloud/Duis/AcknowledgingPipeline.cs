using CommsHub.Dcc.Access;
using ResponseCodes = CommsHub.Cloud.Duis.DuisCodes;

namespace CommsHub.Cloud.Duis;

/// <summary>
/// The stand-in <see cref="IDuisPipeline"/> until access control, transform and dispatch are wired in: the checks
/// that need no Registration Data or inventory (E2 role eligibility over the 129-SRV matrix, E12 command variant,
/// E13 URL), then I99. Nothing is persisted or sent to a hub.
/// </summary>
/// <remarks>TODO(lead): replace with the Dcc AccessControl + DuisTransformer + dispatch pipeline when they land.</remarks>
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
        else if (!ChannelAccepts(request.Channel, cv))
            result = new(ResponseCodes.E13, $"command variant {cv} does not belong on {request.Channel}");
        else
            result = new(ResponseCodes.I99, "accepted (acknowledgement only: access control, transform and dispatch are not wired in yet)");
        return ValueTask.FromResult(result);
    }

    /// <summary>The E13 rule: which web service each command variant belongs to (GBCS.md §5.2).</summary>
    public static bool ChannelAccepts(IntakeChannel channel, int commandVariant) => channel switch
    {
        IntakeChannel.ServiceS => commandVariant is 1 or 3 or 5 or 7,
        IntakeChannel.ServiceT => commandVariant is 4,
        IntakeChannel.ServiceD => commandVariant is 2 or 6 or 8,
        _ => true,
    };
}

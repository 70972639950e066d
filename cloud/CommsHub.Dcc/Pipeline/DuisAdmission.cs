using System.Runtime.ExceptionServices;
using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Pipeline;

/// <summary>
/// The order-free first part of a DUIS request's intake (<see cref="DuisIntake.Admit"/>: load, XSD, header, XMLDSig,
/// signer = originator), done ahead of its ordered remainder (<see cref="DuisIntake.ProcessAsync(DuisAdmission, CancellationToken)"/>:
/// the replay counter, the decision, the commit). It depends on no other request, so a caller holding several requests
/// may admit them on several threads at once and still decide them one by one in each user's send order.
/// </summary>
public sealed class DuisAdmission
{
    private readonly ExceptionDispatchInfo? _failure;

    private DuisAdmission(DuisEndpoint endpoint, DuisBatchItem? item, DuisOutcome? refused, ExceptionDispatchInfo? failure)
    {
        Endpoint = endpoint;
        Item = item;
        Refused = refused;
        _failure = failure;
    }

    internal static DuisAdmission Admitted(DuisEndpoint endpoint, DuisBatchItem item) => new(endpoint, item, null, null);

    internal static DuisAdmission Refusal(DuisEndpoint endpoint, DuisOutcome refused) => new(endpoint, null, refused, null);

    internal static DuisAdmission Failure(DuisEndpoint endpoint, Exception failure) =>
        new(endpoint, null, null, ExceptionDispatchInfo.Capture(failure));

    /// <summary>Where the request came in.</summary>
    public DuisEndpoint Endpoint { get; }

    /// <summary>The request to decide, when it was admitted.</summary>
    public DuisBatchItem? Item { get; }

    /// <summary>Why it was not admitted (not signed yet), when it was refused.</summary>
    public DuisOutcome? Refused { get; }

    /// <summary>Throws what the admission threw (a bug, not a refusal), where the request's caller would have seen it
    /// had it been admitted on its own thread.</summary>
    internal void ThrowIfFailed() => _failure?.Throw();
}

using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Dispatch;

/// <summary>
/// The operator asked to release a quarantine already rejected, or to reject one already released: the one refusal of
/// <see cref="QuarantineResolver"/> an operator can act on (409). Its message is the adapter's own words only.
/// </summary>
public sealed class QuarantineResolvedException : InvalidOperationException
{
    /// <summary>Creates the refusal for quarantine <paramref name="quarantineId"/>, resolved as <paramref name="state"/>.</summary>
    /// <param name="quarantineId">The quarantine.</param>
    /// <param name="state">How it was resolved.</param>
    public QuarantineResolvedException(long quarantineId, QuarantineState state)
        : base($"quarantine #{quarantineId} is already {state.ToString().ToLowerInvariant()}")
    {
        QuarantineId = quarantineId;
        State = state;
    }

    /// <summary>The quarantine.</summary>
    public long QuarantineId { get; }

    /// <summary>How it was resolved.</summary>
    public QuarantineState State { get; }
}

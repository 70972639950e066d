namespace CommsHub.Dcc.Duis;

/// <summary>
/// Refuses a request whose RequestID counter is not strictly greater than the last one accepted from the same
/// user (SEC-DCC.md §10.2; DCC Boxed tooling uses milliseconds since 1970 so counters always grow).
/// Call it only after the signature verified, so a forged request cannot burn a user's counter.
/// </summary>
public sealed class ReplayGuard(ICounterStore store)
{
    private readonly ICounterStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Accepts the counter or throws.</summary>
    /// <exception cref="DuisRejectedException">with <see cref="DuisRejectReason.Replay"/>.</exception>
    public void Check(RequestId id)
    {
        if (!TryAccept(id, out var refusal)) throw new DuisRejectedException(DuisRejectReason.Replay, refusal);
    }

    /// <summary>Accepts the counter (true), or says why not (false; <paramref name="refusal"/> is the message of a
    /// <see cref="DuisRejectReason.Replay"/> refusal). A refusal is an answer (E1), not a failure, so it is not thrown.</summary>
    public bool TryAccept(RequestId id, out string refusal)
    {
        if (_store.TryAdvance(id.Originator, id.Counter, out var previous))
        {
            refusal = "";
            return true;
        }
        refusal = $"RequestID counter {id.Counter} from user {id.OriginatorHex} is not greater than the last accepted ({previous}): replayed or out-of-order request";
        return false;
    }
}

namespace CommsHub.Dcc.Duis;

/// <summary>
/// The highest RequestID counter accepted per user. Implementations must make <see cref="TryAdvance"/> atomic:
/// two copies of one request arriving at once must not both pass.
/// </summary>
public interface ICounterStore
{
    /// <summary>
    /// Records <paramref name="counter"/> for <paramref name="userEui"/> if it is greater than the last one recorded
    /// (any counter is accepted for a user not seen before). Returns false, recording nothing, otherwise.
    /// </summary>
    bool TryAdvance(ulong userEui, ulong counter, out ulong? previous);

    /// <summary>
    /// Records <paramref name="counter"/> for <paramref name="originator"/> if it was not seen before: above the highest
    /// one recorded, or one of the <see cref="CounterWindow.Size"/> counters below it not yet recorded (any counter for
    /// an originator not seen before). Older counters are refused, as <see cref="TryAdvance"/> refuses them. For device
    /// alerts, which may be handled out of order (two adapter instances, or a resend after a failed attempt) but must
    /// each be taken once. Atomic like <see cref="TryAdvance"/>; a party's counters are checked by one of the two only.
    /// </summary>
    /// <returns>False, recording nothing, when the counter was seen or is below the window.</returns>
    bool TryAcceptInWindow(ulong originator, ulong counter);
}

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
}

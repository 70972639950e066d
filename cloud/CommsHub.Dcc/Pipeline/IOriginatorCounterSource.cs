using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Pipeline;

/// <summary>Allocates GBCS originator counters for commands the ACB originates (CHF, PPMID, HCALCS commands).</summary>
public interface IOriginatorCounterSource
{
    /// <summary>A counter greater than every one allocated before, by any adapter instance.</summary>
    ulong Next();
}

/// <summary>
/// ACB counters kept in the store's per-originator counter table (the same atomic "advance if greater" the replay guard
/// uses, with the ACB EUI as the key), so instances sharing a database never hand out the same counter. Counters start
/// from the clock (milliseconds since 1970 times 1000), like DCC Boxed's RequestID counters, so a fresh database still
/// continues above counters the hubs have already seen.
/// </summary>
public sealed class StoreAcbCounter(ICounterStore counters, ulong accessControlBroker, TimeProvider? time = null) : IOriginatorCounterSource
{
    private readonly ICounterStore _counters = counters ?? throw new ArgumentNullException(nameof(counters));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public ulong Next()
    {
        var candidate = (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_counters.TryAdvance(accessControlBroker, candidate, out var previous)) return candidate;
            // Someone is ahead of the clock-based value: go one past them and try again.
            candidate = Math.Max(candidate, (previous ?? candidate)) + 1;
        }
        throw new InvalidOperationException("could not allocate an ACB originator counter after 100 attempts (heavy contention)");
    }
}

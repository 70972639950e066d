namespace CommsHub.Dcc.Duis;

/// <summary>
/// A per-originator anti-replay window (as IPsec and DTLS keep): the highest counter seen plus a bitmap of the
/// <see cref="Size"/> counters below it, bit i set when counter highest - 1 - i was seen. A hub numbers its alerts one
/// by one, so a window of 64 takes alerts handled out of order by any realistic margin and still refuses each copy after
/// the first.
/// </summary>
public readonly record struct CounterWindow(ulong Highest, ulong SeenBelow)
{
    /// <summary>How many counters below the highest are remembered.</summary>
    public const int Size = 64;

    /// <summary>The state of an originator first seen with <paramref name="counter"/>: nothing below it seen yet.</summary>
    public static CounterWindow First(ulong counter) => new(counter, 0);

    /// <summary>The state after <paramref name="counter"/> is taken, or null when it was seen or is below the window.</summary>
    public CounterWindow? Accept(ulong counter)
    {
        if (counter > Highest)
        {
            var shift = counter - Highest;
            // The old highest becomes bit shift - 1; shifting by 64 or more leaves nothing of the old window.
            if (shift > Size) return new CounterWindow(counter, 0);
            return new CounterWindow(counter, (SeenBelow << (int)(shift - 1) << 1) | (1UL << (int)(shift - 1)));
        }
        if (counter == Highest) return null;
        var offset = Highest - counter;
        if (offset > Size) return null;
        var bit = 1UL << (int)(offset - 1);
        return (SeenBelow & bit) != 0 ? null : this with { SeenBelow = SeenBelow | bit };
    }
}

using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>How domain values are written to columns, the same in every dialect.</summary>
internal static class SqlValues
{
    /// <summary>EUI-64 as 16 upper-case hex digits: the contract form (DESIGN.md), readable in a SQL shell, and it
    /// avoids signed-BIGINT trouble with EUIs above 2^63 (every 90-B3-D5... user ID).</summary>
    public static string Eui(ulong eui) => Eui64.ToText(eui);

    /// <summary>Nullable <see cref="Eui(ulong)"/>.</summary>
    public static object Eui(ulong? eui) => eui is { } e ? Eui64.ToText(e) : DBNull.Value;

    /// <summary>Reads an EUI column.</summary>
    public static ulong ParseEui(string text) => Eui64.Parse(text);

    /// <summary>Time as UTC ticks in a BIGINT: exact (no driver time-zone conversion) and ordered in both databases.</summary>
    public static long Time(DateTimeOffset t) => t.UtcTicks;

    /// <summary>Nullable <see cref="Time(DateTimeOffset)"/>.</summary>
    public static object Time(DateTimeOffset? t) => t is { } v ? v.UtcTicks : DBNull.Value;

    /// <summary>Reads a time column.</summary>
    public static DateTimeOffset ParseTime(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>
    /// A 64-bit unsigned counter in a signed BIGINT, order-preserving: flipping the top bit maps 0..2^64-1 onto
    /// -2^63..2^63-1 monotonically, so "counter &lt; @new" compares correctly in SQL.
    /// </summary>
    public static long Counter(ulong counter) => unchecked((long)(counter ^ 0x8000_0000_0000_0000UL));

    /// <summary>Inverse of <see cref="Counter(ulong)"/>.</summary>
    public static ulong ParseCounter(long stored) => unchecked((ulong)stored ^ 0x8000_0000_0000_0000UL);

    /// <summary>Value or DBNull.</summary>
    public static object OrNull(string? text) => text is null ? DBNull.Value : text;
}

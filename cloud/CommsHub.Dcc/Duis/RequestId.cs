using System.Globalization;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// A DUIS RequestID: <c>&lt;originator EUI&gt;:&lt;target EUI&gt;:&lt;counter&gt;</c>, EUIs as eight hex pairs joined by
/// '-' (either case), counter decimal 0..2^64-1. The originator is the user; the target is the device, or the
/// DCC for non-device requests. The counter must grow per user (see <see cref="ReplayGuard"/>).
/// </summary>
public readonly record struct RequestId(ulong Originator, ulong Target, ulong Counter)
{
    /// <summary>Parses the DUIS text form.</summary>
    /// <exception cref="DuisRejectedException">with <see cref="DuisRejectReason.BadHeader"/> and what is wrong.</exception>
    public static RequestId Parse(string text)
    {
        if (!TryParse(text, out var id, out var error))
            throw new DuisRejectedException(DuisRejectReason.BadHeader, $"RequestID '{text}' is invalid: {error}");
        return id;
    }

    /// <summary>Parses the DUIS text form; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, out RequestId id, out string error)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text)) { error = "it is empty"; return false; }
        var parts = text.Trim().Split(':');
        if (parts.Length != 3) { error = "expected originator:target:counter"; return false; }
        if (!TryParseEui(parts[0], out var originator)) { error = $"originator '{parts[0]}' is not an EUI-64 like 90-B3-D5-1F-30-01-00-00"; return false; }
        if (!TryParseEui(parts[1], out var target)) { error = $"target '{parts[1]}' is not an EUI-64 like 00-DB-12-34-56-78-90-A0"; return false; }
        var c = parts[2];
        // The schema forbids signs, spaces and leading zeros; ulong.TryParse alone would accept "+1" or "007".
        if (c.Length == 0 || c.Any(ch => ch is < '0' or > '9') || (c.Length > 1 && c[0] == '0'))
        { error = $"counter '{c}' is not a decimal number without sign or leading zeros"; return false; }
        if (!ulong.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var counter))
        { error = $"counter '{c}' is above 18446744073709551615 (2^64-1)"; return false; }
        id = new RequestId(originator, target, counter);
        error = "";
        return true;
    }

    /// <summary>Parses one EUI-64 in DUIS form (XX-XX-XX-XX-XX-XX-XX-XX).</summary>
    public static bool TryParseEui(string text, out ulong eui)
    {
        eui = 0;
        if (text.Length != 23) return false;
        for (var i = 0; i < 23; i++)
        {
            var ch = text[i];
            if (i % 3 == 2)
            {
                if (ch != '-') return false;
                continue;
            }
            int nibble = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'A' and <= 'F' => ch - 'A' + 10,
                >= 'a' and <= 'f' => ch - 'a' + 10,
                _ => -1,
            };
            if (nibble < 0) return false;
            eui = (eui << 4) | (uint)nibble;
        }
        return true;
    }

    /// <summary>Formats an EUI-64 in DUIS form (upper-case, '-' separated).</summary>
    public static string FormatEui(ulong eui)
    {
        var hex = Eui64.ToText(eui);
        return string.Join("-", Enumerable.Range(0, 8).Select(i => hex.Substring(i * 2, 2)));
    }

    /// <summary>The originator as 16 upper-case hex digits (the contract form used in topics and storage).</summary>
    public string OriginatorHex => Eui64.ToText(Originator);

    /// <summary>The target as 16 upper-case hex digits.</summary>
    public string TargetHex => Eui64.ToText(Target);

    /// <summary>The DUIS text form.</summary>
    public override string ToString() =>
        $"{FormatEui(Originator)}:{FormatEui(Target)}:{Counter.ToString(CultureInfo.InvariantCulture)}";
}

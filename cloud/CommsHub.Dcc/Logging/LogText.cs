using System.Globalization;
using System.Text;

namespace CommsHub.Dcc.Logging;

/// <summary>
/// Makes text a client chose (an MQTT client id, username or topic; a DUIS header field quoted in a refusal) safe to
/// write into a log line: a console or file log is read line by line, so a line break in such text would let its sender
/// forge entries that seem to come from the adapter, and a terminal escape could rewrite the operator's screen.
/// </summary>
public static class LogText
{
    /// <summary>Longest text kept whole; an MQTT client id alone may be 65,535 bytes.</summary>
    public const int DefaultMaxLength = 512;

    /// <summary>
    /// <paramref name="text"/> with every control character (C0, DEL, C1) and Unicode line or paragraph separator
    /// written as an escape (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\uXXXX</c>), cut to <paramref name="maxLength"/>
    /// characters with the original length noted; <c>(none)</c> for null.
    /// </summary>
    /// <param name="text">Untrusted text.</param>
    /// <param name="maxLength">How many characters of it to keep.</param>
    public static string Untrusted(string? text, int maxLength = DefaultMaxLength)
    {
        if (text is null) return "(none)";
        var cut = text.Length > maxLength;
        var kept = cut ? text.AsSpan(0, maxLength) : text.AsSpan();
        if (!cut && !HasUnsafe(kept)) return text;
        var sb = new StringBuilder(kept.Length + 16);
        foreach (var c in kept)
        {
            if (!IsUnsafe(c)) sb.Append(c);
            else sb.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        if (cut) sb.Append("... (").Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        return sb.ToString();
    }

    private static bool HasUnsafe(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (IsUnsafe(c)) return true;
        return false;
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}

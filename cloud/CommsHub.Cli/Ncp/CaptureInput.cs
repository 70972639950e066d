using System.Text;

namespace CommsHub.Cli.Ncp;

/// <summary>
/// Reads a serial capture: a file (hex text, e.g. "7E 1A C0 38 BC 7E", or raw binary) or a hex string on the
/// command line. Spaces, newlines, colons, commas and "0x" prefixes between hex bytes are ignored.
/// </summary>
internal static class CaptureInput
{
    /// <exception cref="FormatException">not hex, or an odd number of digits.</exception>
    /// <exception cref="InvalidDataException">a file larger than <see cref="Inspection.InputReader.MaxFileBytes"/>.</exception>
    public static byte[] Read(string input)
    {
        if (File.Exists(input))
        {
            byte[] raw = Inspection.BoundedFile.Read(input);
            return LooksLikeHexText(raw) ? ParseHex(Encoding.ASCII.GetString(raw), input) : raw;
        }
        return ParseHex(input, "argument");
    }

    /// <exception cref="FormatException">not hex, or an odd number of digits.</exception>
    public static byte[] ParseHex(string text, string what)
    {
        var digits = new StringBuilder(text.Length);
        string cleaned = text.Replace("0x", " ", StringComparison.OrdinalIgnoreCase);
        foreach (char c in cleaned)
        {
            if (char.IsWhiteSpace(c) || c == ':' || c == ',' || c == '-') continue;
            if (!Uri.IsHexDigit(c)) throw new FormatException($"{what} is neither a file nor hex: unexpected '{c}'");
            digits.Append(c);
        }
        if (digits.Length % 2 != 0) throw new FormatException($"{what} has an odd number of hex digits");
        return Convert.FromHexString(digits.ToString());
    }

    private static bool LooksLikeHexText(byte[] raw)
    {
        if (raw.Length == 0) return true;
        foreach (byte b in raw)
        {
            char c = (char)b;
            if (!(Uri.IsHexDigit(c) || char.IsWhiteSpace(c) || c == ':' || c == ',' || c == '-' || c == 'x' || c == 'X')) return false;
        }
        return true;
    }
}

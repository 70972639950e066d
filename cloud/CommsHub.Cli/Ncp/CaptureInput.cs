using System.Text;

namespace CommsHub.Cli.Ncp;

/// <summary>
/// Reads a serial capture: a file (hex text, e.g. "7E 1A C0 38 BC 7E", or raw binary) or a hex string on the
/// command line. Spaces, newlines, colons, commas and "0x" prefixes between hex bytes are ignored.
/// </summary>
internal static class CaptureInput
{
    /// <exception cref="FormatException">not hex, an odd number of digits, or a file larger than
    /// <see cref="Inspection.InputReader.MaxFileBytes"/>.</exception>
    public static byte[] Read(string input)
    {
        if (File.Exists(input))
        {
            byte[] raw = ReadCapped(input);
            return LooksLikeHexText(raw) ? ParseHex(Encoding.ASCII.GetString(raw), input) : raw;
        }
        return ParseHex(input, "argument");
    }

    // At most the limit gbcs inspect applies, read in blocks rather than by File.ReadAllBytes: a capture of gigabytes
    // would be loaded whole, and a device such as /dev/zero reports no length and never ends.
    private static byte[] ReadCapped(string path)
    {
        const long Limit = Inspection.InputReader.MaxFileBytes;
        using var file = File.OpenRead(path);
        if (file.CanSeek && file.Length > Limit) throw TooLarge(path, Limit);
        using var buffer = new MemoryStream();
        var block = new byte[64 * 1024];
        int n;
        while ((n = file.Read(block, 0, block.Length)) > 0)
        {
            if (buffer.Length + n > Limit) throw TooLarge(path, Limit);
            buffer.Write(block, 0, n);
        }
        return buffer.ToArray();
    }

    private static FormatException TooLarge(string path, long limit) => new($"{path} is larger than {limit} bytes");

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

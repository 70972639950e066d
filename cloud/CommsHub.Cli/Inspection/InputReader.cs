using CommsHub.Protocol.Encoding;

namespace CommsHub.Cli.Inspection;

/// <summary>
/// Expands command-line inputs into messages. An argument that names an existing file or folder is read from disk
/// (folders recursively, in name order); otherwise it must be hex. A text file holds one message per non-empty line,
/// in hex (separators allowed) or base64 (as DUIS GBCSPayload carries it); any other file is one binary message.
/// </summary>
internal static class InputReader
{
    /// <summary>Largest file read whole; captures bigger than this are refused rather than loaded.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public static IEnumerable<InspectionInput> Read(IEnumerable<string> args)
    {
        int position = 0;
        foreach (var arg in args)
        {
            position++;
            if (Directory.Exists(arg))
            {
                foreach (var file in Directory.EnumerateFiles(arg, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    foreach (var input in ReadFile(file)) yield return input;
            }
            else if (File.Exists(arg))
            {
                foreach (var input in ReadFile(arg)) yield return input;
            }
            else if (Hex.IsHex(arg))
            {
                yield return new InspectionInput($"arg{position}", Hex.Decode(arg), null);
            }
            else
            {
                yield return new InspectionInput(arg, null, "no such file, and not a hex string");
            }
        }
    }

    private static IEnumerable<InspectionInput> ReadFile(string path)
    {
        byte[] raw;
        string? error = null;
        try
        {
            // In blocks, up to the limit: a device such as /dev/zero reports no length and has no end.
            raw = BoundedFile.Read(path);
        }
        catch (InvalidDataException) { raw = []; error = $"file larger than {MaxFileBytes} bytes"; }
        catch (IOException ex) { raw = []; error = ex.Message; }
        catch (UnauthorizedAccessException ex) { raw = []; error = ex.Message; }
        if (error is not null)
        {
            yield return new InspectionInput(path, null, error);
            yield break;
        }
        if (!LooksLikeText(raw))
        {
            yield return new InspectionInput(path, raw, null);
            yield break;
        }
        var lines = System.Text.Encoding.ASCII.GetString(raw).Split('\n');
        var messages = lines.Select((l, i) => (Text: l.Trim(), Line: i + 1)).Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#')).ToList();
        foreach (var (text, line) in messages)
        {
            var source = messages.Count == 1 ? path : $"{path}:{line}";
            yield return Decode(source, text);
        }
    }

    private static InspectionInput Decode(string source, string text)
    {
        if (Hex.IsHex(text)) return new InspectionInput(source, Hex.Decode(text), null);
        try { return new InspectionInput(source, Convert.FromBase64String(text), null); }
        catch (FormatException) { return new InspectionInput(source, null, "neither hex nor base64"); }
    }

    private static bool LooksLikeText(byte[] raw)
    {
        if (raw.Length == 0) return true;
        foreach (var b in raw)
            if (b is not (>= 0x20 and < 0x7F or (byte)'\n' or (byte)'\r' or (byte)'\t')) return false;
        return true;
    }
}

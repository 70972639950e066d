namespace CommsHub.Cli.Inspection;

/// <summary>
/// Reads an input file whole, up to <see cref="InputReader.MaxFileBytes"/>: in blocks rather than by
/// <see cref="File.ReadAllBytes(string)"/>, which loads a file of gigabytes whole and never finishes a device such as
/// /dev/zero (no length, no end) before 2 GB.
/// </summary>
internal static class BoundedFile
{
    /// <summary>The file's bytes.</summary>
    /// <exception cref="InvalidDataException">the file is larger than <see cref="InputReader.MaxFileBytes"/> (the message names it).</exception>
    public static byte[] Read(string path)
    {
        const long Limit = InputReader.MaxFileBytes;
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

    private static InvalidDataException TooLarge(string path, long limit) => new($"{path} is larger than {limit} bytes");
}

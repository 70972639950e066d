namespace CommsHub.Protocol.Net.Crypto;

/// <summary>A key file exists but cannot be used: unreadable, not PEM/DER, or not a P-256 key of the expected kind.</summary>
public sealed class KeyStoreFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>; the message names the file.</summary>
    public KeyStoreFormatException(string filePath, string reason, Exception? inner = null)
        : base($"key file '{filePath}': {reason}", inner)
    {
        FilePath = filePath;
    }

    /// <summary>Full path of the offending file.</summary>
    public string FilePath { get; }
}

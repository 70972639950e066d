using System.Security.Cryptography;
using System.Text;
using CommsHub.Cloud.Configuration;

namespace CommsHub.Cloud.Security;

/// <summary>
/// The bearer token that opens the operator API. From <c>CommsHub:Operator:Token</c> when set; otherwise from
/// <c>operator-token</c> in the data directory, generated there (32 random bytes, hex, mode 0600) on the first start.
/// The token itself is never logged or printed: only where it comes from.
/// </summary>
public sealed class OperatorToken
{
    /// <summary>The file name under the data directory.</summary>
    public const string FileName = "operator-token";

    /// <summary>The shortest token accepted, in characters (a generated one has 64).</summary>
    public const int MinimumLength = 16;

    // Only the token's hash is kept: comparing hashes in constant time hides the token's length as well as its content.
    private readonly byte[] _hash;

    private OperatorToken(string token, string? path, string source, bool created, bool exposed)
    {
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        Path = path;
        Source = source;
        Created = created;
        Exposed = exposed;
    }

    /// <summary>The token file, or null when the token comes from configuration.</summary>
    public string? Path { get; }

    /// <summary>Where the token comes from, for the start banner (a path or a setting name, never the token).</summary>
    public string Source { get; }

    /// <summary>True when this start generated the token file.</summary>
    public bool Created { get; }

    /// <summary>True when the token file can be read by others than its owner (the banner warns).</summary>
    public bool Exposed { get; }

    /// <summary>The configured token, or the one in <c>operator-token</c> under <paramref name="dataDirectory"/> (created if missing).</summary>
    /// <exception cref="InvalidOperationException">the token file exists but holds no usable token.</exception>
    public static OperatorToken Load(OperatorSettings settings, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrEmpty(settings.Token))
            return new OperatorToken(settings.Token, null, $"{CommsHubOptions.Section}:Operator:Token", created: false, exposed: false);

        var path = System.IO.Path.Combine(dataDirectory, FileName);
        var generated = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var created = !File.Exists(path) && OwnerOnlyFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(generated + "\n")), overwrite: false);
        var token = File.ReadAllText(path).Trim();
        if (token.Length < MinimumLength)
            throw new InvalidOperationException(
                $"'{path}' holds no operator token of at least {MinimumLength} characters; delete it to have a new one generated");
        return new OperatorToken(token, path, path, created, OwnerOnlyFile.IsWiderThanOwner(path));
    }

    /// <summary>Does <paramref name="presented"/> equal the token? Constant time in the presented value's content.</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _hash);
}

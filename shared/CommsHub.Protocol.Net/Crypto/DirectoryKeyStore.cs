using System.Collections.Concurrent;
using System.Security.Cryptography;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>
/// <see cref="IGbcsKeyStore"/> over a folder in the RTDS keystore layout (see <see cref="KeyFileName"/>).
/// Files are read on first use and cached; a key with no file is null (and looked for again next time, so
/// files added later are found). A file that exists but cannot be used throws <see cref="KeyStoreFormatException"/>
/// naming it. When only the private key of a pair is held (e.g. the GBCS 18.4 ACB key), the public key is
/// derived from it. Safe for concurrent use.
/// </summary>
public sealed class DirectoryKeyStore : IGbcsKeyStore, IGbcsCertificateStore
{
    private readonly ConcurrentDictionary<string, byte[]> _publicKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NetPrivateKey> _privateKeys = new(StringComparer.Ordinal);
    // Front caches by (EUI, usage, prepayment): a hit costs no file-system call and no allocation.
    private readonly ConcurrentDictionary<(ulong, KeyUsage, bool), byte[]> _publicByParty = new();
    private readonly ConcurrentDictionary<(ulong, KeyUsage, bool), NetPrivateKey> _privateByParty = new();
    // Parties with no file are remembered briefly, so verifying traffic from unknown parties (or forged headers)
    // does not hit the file system per message; after the interval a newly added file is found.
    private readonly ConcurrentDictionary<(ulong, KeyUsage, bool, bool), long> _missingUntil = new();

    /// <summary>How long a missing key is remembered before the folder is looked at again (default 5 s).</summary>
    public TimeSpan MissRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Uses the keys in <paramref name="folder"/>, which must exist.</summary>
    public DirectoryKeyStore(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"keystore folder '{folder}' not found");
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The keystore folder.</summary>
    public string Folder { get; }

    /// <inheritdoc />
    /// <remarks>The array is shared with the cache: callers must not modify it.</remarks>
    public byte[]? GetPublicKey(ulong eui, KeyUsage usage, bool prepayment)
    {
        if (_publicByParty.TryGetValue((eui, usage, prepayment), out var hit)) return hit;
        var path = RecentlyMissing(eui, usage, prepayment, false) ? null : Find(new KeyFileName(eui, usage, prepayment, IsPrivate: false));
        if (path is null) RememberMissing(eui, usage, prepayment, false);
        var point = path is not null ? LoadPublic(path) : GetPrivateKey(eui, usage, prepayment)?.PublicKey;
        if (point is not null) _publicByParty[(eui, usage, prepayment)] = point;
        return point;
    }

    /// <inheritdoc />
    public IGbcsPrivateKey? GetPrivateKey(ulong eui, KeyUsage usage, bool prepayment)
    {
        if (_privateByParty.TryGetValue((eui, usage, prepayment), out var hit)) return hit;
        if (RecentlyMissing(eui, usage, prepayment, true)) return null;
        var path = Find(new KeyFileName(eui, usage, prepayment, IsPrivate: true));
        if (path is null)
        {
            RememberMissing(eui, usage, prepayment, true);
            return null;
        }
        var key = LoadPrivate(path);
        _privateByParty[(eui, usage, prepayment)] = key;
        return key;
    }

    /// <inheritdoc />
    /// <remarks>The public key file itself when it is a certificate (PEM or DER); null for a bare SPKI or no file.</remarks>
    /// <exception cref="KeyStoreFormatException">the file cannot be read or its PEM is malformed.</exception>
    public byte[]? GetCertificate(ulong eui, KeyUsage usage, bool prepayment)
    {
        var path = Find(new KeyFileName(eui, usage, prepayment, IsPrivate: false));
        if (path is null) return null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (!LooksLikePem(bytes)) return PublicKeys.TryReadSubjectPublicKeyInfo(bytes, out _) ? null : bytes;
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            var pem = PemEncoding.Find(text);
            return text[pem.Label] == "CERTIFICATE" ? Convert.FromBase64String(text[pem.Base64Data]) : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new KeyStoreFormatException(path, "not a readable certificate or public key file: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Loads every file in the folder that follows the naming convention (others are ignored), so a host can
    /// fail at start-up rather than on the first message. Returns the names loaded.
    /// </summary>
    /// <exception cref="KeyStoreFormatException">The first file that cannot be used.</exception>
    public IReadOnlyList<KeyFileName> LoadAll()
    {
        var loaded = new List<KeyFileName>();
        foreach (var path in Directory.EnumerateFiles(Folder).Order(StringComparer.Ordinal))
        {
            var name = KeyFileName.TryParse(Path.GetFileName(path));
            if (name is null) continue;
            if (name.IsPrivate) LoadPrivate(path);
            else LoadPublic(path);
            loaded.Add(name);
        }
        return loaded;
    }

    private bool RecentlyMissing(ulong eui, KeyUsage usage, bool prepayment, bool isPrivate) =>
        _missingUntil.TryGetValue((eui, usage, prepayment, isPrivate), out var until) && Environment.TickCount64 < until;

    private void RememberMissing(ulong eui, KeyUsage usage, bool prepayment, bool isPrivate)
    {
        // Bounded: a flood of distinct unknown EUIs cannot grow this without limit.
        if (_missingUntil.Count >= 4096) _missingUntil.Clear();
        _missingUntil[(eui, usage, prepayment, isPrivate)] = Environment.TickCount64 + (long)MissRetryInterval.TotalMilliseconds;
    }

    // Lower-case hex is the RTDS form; upper case is what EUIs look like elsewhere in GBCS tooling.
    private string? Find(KeyFileName name)
    {
        foreach (var lower in new[] { true, false })
        {
            var path = Path.Combine(Folder, name.FileName(lower));
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private byte[] LoadPublic(string path)
    {
        if (_publicKeys.TryGetValue(path, out var cached)) return cached;
        byte[] point;
        try
        {
            var bytes = File.ReadAllBytes(path);
            point = LooksLikePem(bytes)
                ? PublicKeys.FromPem(System.Text.Encoding.ASCII.GetString(bytes)).PublicKey
                : LoadPublicDer(bytes);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new KeyStoreFormatException(path, "not a usable P-256 public key (X.509 certificate or SPKI, PEM or DER): " + ex.Message, ex);
        }
        return _publicKeys.GetOrAdd(path, point);
    }

    private NetPrivateKey LoadPrivate(string path)
    {
        if (_privateKeys.TryGetValue(path, out var cached)) return cached;
        NetPrivateKey key;
        byte[] bytes = Array.Empty<byte>();
        try
        {
            bytes = File.ReadAllBytes(path);
            key = LooksLikePem(bytes)
                ? NetPrivateKey.FromPkcs8Pem(System.Text.Encoding.ASCII.GetString(bytes))
                : NetPrivateKey.FromPkcs8Der(bytes);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new KeyStoreFormatException(path, "not a usable P-256 PKCS#8 private key (PEM or DER): " + ex.Message, ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
        if (_privateKeys.TryAdd(path, key)) return key;
        key.Dispose(); // another thread loaded it first
        return _privateKeys[path];
    }

    // A DER file on disk may be either a certificate or an SPKI; a certificate starts with a longer SEQUENCE.
    private static byte[] LoadPublicDer(byte[] der) =>
        PublicKeys.TryReadSubjectPublicKeyInfo(der, out var point) ? point : PublicKeys.FromCertificate(der).PublicKey;

    private static bool LooksLikePem(byte[] bytes) =>
        System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 256)).Contains("-----BEGIN ", StringComparison.Ordinal);
}

using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Dcc.Duis;

/// <summary>An in-memory <see cref="IDuisSignerDirectory"/>; thread-safe for lookups once filled.</summary>
public sealed class DuisSignerDirectory : IDuisSignerDirectory
{
    // Issuer names are compared as parsed DNs (X509IssuerNames), which costs microseconds; answers already given are
    // remembered per (issuer text, serial) until a certificate is added. Bounded: the texts come from requests.
    private const int MaxRemembered = 1024;
    private readonly Dictionary<BigInteger, List<X509Certificate2>> _bySerial = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, BigInteger), X509Certificate2> _found = new();
    private readonly Lock _gate = new();

    /// <summary>Number of certificates held.</summary>
    public int Count { get { lock (_gate) return _bySerial.Values.Sum(l => l.Count); } }

    /// <summary>Adds a certificate (public part only is needed).</summary>
    public void Add(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = SerialOf(certificate);
        lock (_gate)
        {
            if (!_bySerial.TryGetValue(serial, out var list)) _bySerial[serial] = list = [];
            list.Add(certificate);
            _found.Clear();
        }
    }

    /// <summary>
    /// Loads every <c>*.pem</c> in <paramref name="folder"/> that holds a certificate; key-only PEM files are skipped.
    /// </summary>
    public static DuisSignerDirectory LoadFolder(string folder)
    {
        var directory = new DuisSignerDirectory();
        foreach (var file in Directory.EnumerateFiles(folder, "*.pem").Order(StringComparer.Ordinal))
        {
            var pem = File.ReadAllText(file);
            if (!pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) continue;
            // The one-argument CreateFromPem reads the certificate only; a private key beside it is ignored.
            directory.Add(X509Certificate2.CreateFromPem(pem));
        }
        return directory;
    }

    /// <inheritdoc/>
    public X509Certificate2? Find(string issuerName, BigInteger serialNumber)
    {
        ArgumentNullException.ThrowIfNull(issuerName);
        if (_found.TryGetValue((issuerName, serialNumber), out var known)) return known;
        lock (_gate)
        {
            if (!_bySerial.TryGetValue(serialNumber, out var list)) return null;
            var match = list.FirstOrDefault(c => X509IssuerNames.Matches(issuerName, c.IssuerName));
            if (match is not null)
            {
                if (_found.Count >= MaxRemembered) _found.Clear();
                _found[(issuerName, serialNumber)] = match;
            }
            return match;
        }
    }

    /// <summary>The certificate's serial number as a non-negative integer.</summary>
    public static BigInteger SerialOf(X509Certificate2 certificate) =>
        // GetSerialNumber is little-endian; serials are positive DER INTEGERs, so read them unsigned.
        new(certificate.GetSerialNumber(), isUnsigned: true, isBigEndian: false);
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>
/// A throw-away PKI minted with <see cref="CertificateRequest"/>: a P-256 root CA, a broker certificate it issues
/// (serverAuth, naming 127.0.0.1 and localhost unless told otherwise) and a hub client certificate (clientAuth,
/// digitalSignature), written as PEM files the hub's <c>--ca</c>, <c>--cert</c> and <c>--key</c> read.
/// </summary>
public sealed class TestPki : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A CA named <paramref name="name"/> whose files go to <paramref name="folder"/>.</summary>
    public TestPki(string folder, string name = "CommsHub test CA")
    {
        Folder = folder;
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CaFile = Path.Combine(folder, Safe(name) + ".pem");
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());
    }

    public string Folder { get; }

    /// <summary>The root CA certificate (public part).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The CA certificate as PEM (what <c>--ca</c> names).</summary>
    public string CaFile { get; }

    /// <summary>A broker certificate (with key) naming <paramref name="dnsNames"/> and <paramref name="addresses"/> (default: localhost, 127.0.0.1).</summary>
    public X509Certificate2 Server(string[]? dnsNames = null, IPAddress[]? addresses = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Leaf("CN=test broker", key, X509KeyUsageFlags.DigitalSignature, ServerAuth);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames ?? ["localhost"]) san.AddDnsName(name);
        foreach (var address in addresses ?? [IPAddress.Loopback]) san.AddIpAddress(address);
        request.CertificateExtensions.Add(san.Build());
        using var issued = Issue(request);
        // Through PKCS#12 so the platform TLS stack gets a key it can use on every OS.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pfx), null);
    }

    /// <summary>A hub certificate for <paramref name="commonName"/>, written as <c>.pem</c> + <c>.key</c>; returns both paths.</summary>
    public (string CertificateFile, string KeyFile) Client(string commonName, X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = Issue(Leaf($"CN={commonName}", key, usage, ClientAuth));
        var stem = Path.Combine(Folder, Safe(commonName));
        File.WriteAllText(stem + ".pem", issued.ExportCertificatePem());
        File.WriteAllText(stem + ".key", key.ExportPkcs8PrivateKeyPem());
        return (stem + ".pem", stem + ".key");
    }

    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
    }

    private static CertificateRequest Leaf(string subject, ECDsa key, X509KeyUsageFlags usage, Oid purpose)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([purpose], critical: false));
        return request;
    }

    private X509Certificate2 Issue(CertificateRequest request)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        return request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}

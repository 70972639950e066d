using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Smki;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// The TLS server certificate of the embedded broker: P-256, serverAuth, a subjectAltName with the names clients
/// connect to, issued by the test SMKI's root CA. Kept as <c>broker.pem</c> / <c>broker.key</c> (0600) and reused; minted
/// again when missing, expiring within 30 days, not chaining to the current root, or not naming every wanted host.
/// </summary>
/// <remarks>
/// Issued by the root rather than the issuing CA because MQTTnet hands SslStream the leaf alone: an intermediate would
/// never reach the client, and a client that trusts only <c>root.pem</c> could not build the chain.
/// </remarks>
public static class BrokerCertificate
{
    /// <summary>How long a minted certificate is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(2 * 365);

    /// <summary>Loads the certificate (with its key) at <paramref name="stem"/>, minting it first when needed.</summary>
    /// <param name="stem">Path without <c>.pem</c>/<c>.key</c>.</param>
    /// <param name="root">The CA that issues it (the test SMKI root).</param>
    /// <param name="dnsNames">Host names the certificate must name.</param>
    /// <param name="addresses">IP addresses the certificate must name.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The certificate with its private key, and whether it was minted now.</returns>
    public static (X509Certificate2 Certificate, bool Minted) LoadOrMint(string stem, SmkiIssuer root,
        IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (SmkiFolder.Exists(stem))
        {
            var existing = X509Certificate2.CreateFromPemFile(stem + ".pem", stem + ".key");
            if (Usable(existing, root.Certificate, dnsNames, addresses, now)) return (existing, false);
            existing.Dispose();
        }
        // Replacing is safe: clients trust the root, not this certificate, so a new one is accepted as the old was.
        foreach (var stale in new[] { stem + ".pem", stem + ".key" }.Where(File.Exists)) File.Delete(stale);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var minted = Issue(root, key, dnsNames, addresses, now);
        SmkiFolder.Save(stem, minted, key);
        return (X509Certificate2.CreateFromPemFile(stem + ".pem", stem + ".key"), true);
    }

    private static X509Certificate2 Issue(SmkiIssuer root, ECDsa key, IReadOnlyCollection<string> dnsNames,
        IReadOnlyCollection<IPAddress> addresses, DateTimeOffset now)
    {
        var request = new CertificateRequest(new X500DistinguishedName("CN=CommsHub MQTT broker"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root.Certificate, true, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames) san.AddDnsName(name);
        foreach (var address in addresses) san.AddIpAddress(address);
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        // Backdated a little so a client whose clock runs slightly behind still accepts it.
        return request.Create(root.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(root.Key),
            now.AddMinutes(-10), now.Add(Lifetime), serial);
    }

    private static bool Usable(X509Certificate2 certificate, X509Certificate2 root, IReadOnlyCollection<string> dnsNames,
        IReadOnlyCollection<IPAddress> addresses, DateTimeOffset now)
    {
        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime.AddDays(30)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (!chain.Build(certificate)) return false;
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null) return false;
        var named = san.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ips = san.EnumerateIPAddresses().ToHashSet();
        return dnsNames.All(named.Contains) && addresses.All(ips.Contains);
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Smki;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// What the broker's TLS endpoint runs with, prepared at start: the server certificate (minted from the test SMKI under
/// the data directory), the CA file clients should trust, and, when client certificates are required, their trust.
/// </summary>
public sealed class BrokerTls : IDisposable
{
    private BrokerTls(X509Certificate2? certificate, string? certificatePath, string? trustFile, ClientCertificateTrust? clients)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
        TrustFile = trustFile;
        Clients = clients;
    }

    /// <summary>The TLS endpoint is off.</summary>
    public static BrokerTls Disabled { get; } = new(null, null, null, null);

    /// <summary>True when the TLS endpoint is configured.</summary>
    public bool Enabled => Certificate is not null;

    /// <summary>The server certificate with its private key (null when disabled).</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Where the server certificate is (<c>.pem</c>).</summary>
    public string? CertificatePath { get; }

    /// <summary>The CA certificate clients trust the server with (the SMKI root, <c>smki/ca/root.pem</c>).</summary>
    public string? TrustFile { get; }

    /// <summary>Client certificate trust; null when the endpoint takes username and password instead.</summary>
    public ClientCertificateTrust? Clients { get; }

    /// <summary>
    /// Prepares the endpoint for <paramref name="settings"/>: makes sure the test SMKI under
    /// <paramref name="dataDirectory"/> has its CAs (minting them in RTDS mode, where identities come from elsewhere),
    /// then loads or mints the server certificate.
    /// </summary>
    public static BrokerTls Load(MqttSettings settings, string dataDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled || !settings.Tls.Enabled) return Disabled;
        var smki = new SmkiFolder(Path.Combine(dataDirectory, "smki"));
        new TestSmki(smki, time).EnsureCa();
        var (dnsNames, addresses) = Names(settings);
        using var root = SmkiFolder.LoadIssuer(smki.RootStem);
        var stem = Path.Combine(dataDirectory, "mqtt", "tls", "broker");
        var (certificate, _) = BrokerCertificate.LoadOrMint(stem, root, dnsNames, addresses, time.GetUtcNow());
        ClientCertificateTrust? clients = null;
        if (settings.Tls.RequireClientCertificate)
        {
            clients = settings.Tls.ClientCaFile is { } file
                ? ClientCertificateTrust.FromPemFile(file)
                : new ClientCertificateTrust([SmkiFolder.LoadCertificate(smki.RootStem)], [SmkiFolder.LoadCertificate(smki.IssuingStem)]);
        }
        return new BrokerTls(certificate, stem + ".pem", smki.RootStem + ".pem", clients);
    }

    /// <summary>
    /// The names the certificate must carry: localhost, the machine name, the loopback addresses, the bound address
    /// (unless it is a wildcard) and <see cref="MqttTlsSettings.HostNames"/> (IP addresses among them as addresses).
    /// </summary>
    public static (IReadOnlyCollection<string> DnsNames, IReadOnlyCollection<IPAddress> Addresses) Names(MqttSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dns = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", Environment.MachineName };
        var ips = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        var bound = IPAddress.Parse(settings.Tls.Address ?? settings.Address);
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any)) ips.Add(bound);
        foreach (var name in settings.Tls.HostNames.Select(n => n.Trim()))
        {
            if (IPAddress.TryParse(name, out var ip)) ips.Add(ip);
            else dns.Add(name);
        }
        return (dns, ips.OrderBy(ip => ip.ToString(), StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc/>
    public void Dispose() => Certificate?.Dispose();
}

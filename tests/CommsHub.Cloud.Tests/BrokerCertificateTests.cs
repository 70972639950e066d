using System.Net;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Crypto;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>Minting and reusing the broker's TLS certificate, and which client certificates the TLS endpoint accepts.</summary>
public sealed class BrokerCertificateTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-brokercert-" + Guid.NewGuid().ToString("N"));
    private readonly SmkiFolder _smki;
    private readonly TestSmki _minter;

    public BrokerCertificateTests()
    {
        _smki = new SmkiFolder(Path.Combine(_dir, "smki"));
        _minter = new TestSmki(_smki);
        _minter.EnsureCa();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static MqttSettings Tls(params string[] hostNames) => new() { Tls = new MqttTlsSettings { Enabled = true, HostNames = [.. hostNames] } };

    [Fact]
    public void The_certificate_is_reused_across_starts_and_minted_again_when_a_new_host_name_is_wanted()
    {
        string Thumbprint(MqttSettings settings)
        {
            using var tls = BrokerTls.Load(settings, _dir, TimeProvider.System);
            return tls.Certificate!.Thumbprint;
        }

        var first = Thumbprint(Tls());
        Assert.Equal(first, Thumbprint(Tls()));
        var renamed = Thumbprint(Tls("broker.example.test", "192.0.2.7"));
        Assert.NotEqual(first, renamed);
        using var certificate = SmkiFolder.LoadCertificate(Path.Combine(_dir, "mqtt", "tls", "broker"));
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("broker.example.test", san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Parse("192.0.2.7"), san.EnumerateIPAddresses());
        Assert.Equal(renamed, Thumbprint(Tls("broker.example.test", "192.0.2.7")));
    }

    [Fact]
    public void A_disabled_endpoint_mints_nothing()
    {
        using var tls = BrokerTls.Load(new MqttSettings(), _dir, TimeProvider.System);
        Assert.False(tls.Enabled);
        Assert.False(Directory.Exists(Path.Combine(_dir, "mqtt")));
    }

    [Fact]
    public void Only_a_signing_certificate_that_chains_to_the_ca_and_names_an_eui_is_accepted()
    {
        const ulong hub = 0x02C04B10000001A2;
        using (var issuer = SmkiFolder.LoadIssuer(_smki.IssuingStem))
        {
            _minter.IssueDevice(issuer, hub, KeyUsage.DigitalSignature);
            _minter.IssueDevice(issuer, hub, KeyUsage.KeyAgreement);
        }
        var trust = new ClientCertificateTrust([SmkiFolder.LoadCertificate(_smki.RootStem)], [SmkiFolder.LoadCertificate(_smki.IssuingStem)]);
        using var ds = SmkiFolder.LoadCertificate(_smki.GbcsStem(hub, KeyUsage.DigitalSignature));
        using var ka = SmkiFolder.LoadCertificate(_smki.GbcsStem(hub, KeyUsage.KeyAgreement));
        using var anonymous = SigningCertificateWithoutEui();

        Assert.Null(trust.Refusal(ds, null));
        Assert.Contains("digitalSignature", trust.Refusal(ka, null));
        Assert.Contains("names no EUI", trust.Refusal(anonymous, null));
        Assert.Equal("no client certificate", trust.Refusal(null, null));
        // Without the issuing CA as an intermediate the chain cannot be built.
        var rootOnly = new ClientCertificateTrust([SmkiFolder.LoadCertificate(_smki.RootStem)], []);
        Assert.Contains("does not chain", rootOnly.Refusal(ds, null));
    }

    private X509Certificate2 SigningCertificateWithoutEui()
    {
        using var issuer = SmkiFolder.LoadIssuer(_smki.IssuingStem);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=no eui", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false));
        return request.Create(issuer.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuer.Key),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3]);
    }

    [Fact]
    public void A_ca_file_splits_into_anchors_and_intermediates_and_needs_a_root()
    {
        var file = Path.Combine(_dir, "ca.pem");
        File.WriteAllText(file, File.ReadAllText(_smki.IssuingStem + ".pem") + File.ReadAllText(_smki.RootStem + ".pem"));
        var trust = ClientCertificateTrust.FromPemFile(file);
        using var root = SmkiFolder.LoadCertificate(_smki.RootStem);
        Assert.Equal(root.Thumbprint, Assert.Single(trust.Anchors).Thumbprint);
        File.WriteAllText(file, File.ReadAllText(_smki.IssuingStem + ".pem"));
        Assert.Throws<InvalidOperationException>(() => ClientCertificateTrust.FromPemFile(file));
    }
}

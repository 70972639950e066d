using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>The test SMKI minted on a fresh data directory: shapes, identities, chain, key files, idempotence.</summary>
public sealed class SmkiMintingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-smki-tests-" + Guid.NewGuid().ToString("N"));
    private readonly SmkiFolder _folder;
    private readonly SmkiMintReport _first;

    public SmkiMintingTests()
    {
        _folder = new SmkiFolder(_dir);
        _first = new TestSmki(_folder).EnsureMinted(DemoIdentities.Plan);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData(DemoIdentities.Supplier, SmkiRoles.Supplier)]
    [InlineData(DemoIdentities.NetworkOperator, SmkiRoles.NetworkOperator)]
    [InlineData(DemoIdentities.OtherUser, SmkiRoles.OtherUser)]
    [InlineData(DemoIdentities.Dcc, SmkiRoles.AccessControlBroker)]
    public void Organisation_certificates_name_the_eui_role_and_one_usage(ulong eui, byte role)
    {
        foreach (var usage in new[] { KeyUsage.KeyAgreement, KeyUsage.DigitalSignature })
        {
            using var cert = SmkiFolder.LoadCertificate(_folder.GbcsStem(eui, usage));
            var key = PublicKeys.FromCertificate(cert);
            Assert.Equal(eui, key.Eui);
            Assert.Equal(usage, key.Usage);
            Assert.Equal(SmkiRoles.ToOu(role), Ou(cert));
            AssertSmkiEndEntity(cert, usage);
            Assert.Equal(65, key.PublicKey.Length);
        }
    }

    [Fact]
    public void Xml_sign_certificates_have_ou_87_and_89()
    {
        using var user = SmkiFolder.LoadCertificate(_folder.XmlSignStem(DemoIdentities.Supplier, dsp: false));
        Assert.Equal("87", Ou(user));
        Assert.Equal(DemoIdentities.Supplier, CertificateIdentity.TryGetEui(user));
        AssertSmkiEndEntity(user, KeyUsage.DigitalSignature);
        using var dsp = SmkiFolder.LoadCertificate(_folder.XmlSignStem(DemoIdentities.Dcc, dsp: true));
        Assert.Equal("89", Ou(dsp));
        Assert.Equal(DemoIdentities.Dcc, CertificateIdentity.TryGetEui(dsp));
    }

    [Fact]
    public void Device_certificates_have_an_empty_subject_and_a_critical_hardware_module_name()
    {
        foreach (var device in DemoIdentities.Plan.Devices)
        foreach (var usage in new[] { KeyUsage.KeyAgreement, KeyUsage.DigitalSignature })
        {
            using var cert = SmkiFolder.LoadCertificate(_folder.GbcsStem(device.Eui, usage));
            Assert.Equal([0x30, 0x00], cert.SubjectName.RawData);
            var san = cert.Extensions["2.5.29.17"];
            Assert.NotNull(san);
            Assert.True(san.Critical);
            // hwType 1.2.826.0.1.8641679.1.2.2.1 as GBCS.md §3.5 and the RTDS device certificates carry it.
            Assert.Contains("060D2A863A0001848FB90F01020201", Convert.ToHexString(san.RawData));
            var key = PublicKeys.FromCertificate(cert);
            Assert.Equal(device.Eui, key.Eui);
            Assert.Equal(usage, key.Usage);
            Assert.Equal(SmkiCertificates.Forever.UtcDateTime, cert.NotAfter.ToUniversalTime());
            AssertSmkiEndEntity(cert, usage);
        }
    }

    [Fact]
    public void Every_certificate_chains_to_the_root()
    {
        using var root = SmkiFolder.LoadCertificate(_folder.RootStem);
        using var issuing = SmkiFolder.LoadCertificate(_folder.IssuingStem);
        var entries = SmkiListing.List(_folder);
        Assert.Equal(2 + 4 * 2 + 4 + DemoIdentities.Plan.Devices.Count * 2, entries.Count);
        foreach (var entry in entries.Where(e => e.Kind != "root"))
        {
            using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_folder.Root, entry.File)));
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.ExtraStore.Add(issuing);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(cert), $"{entry.File}: {string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation))}");
            Assert.Equal(root.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
            Assert.True(entry.HasPrivateKey, entry.File);
        }
    }

    [Fact]
    public void Private_keys_are_pkcs8_pem_owner_only_and_match_their_certificates()
    {
        var keyFiles = Directory.EnumerateFiles(_dir, "*.key", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(keyFiles);
        foreach (var file in keyFiles)
        {
            var text = File.ReadAllText(file);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", text);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            using var key = NetPrivateKey.FromPkcs8Pem(text);
            using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.ChangeExtension(file, ".pem")));
            Assert.Equal(PublicKeys.FromCertificate(cert).PublicKey, key.PublicKey);
        }
    }

    [Fact]
    public void The_keys_folder_works_as_a_gbcs_key_store()
    {
        var store = new DirectoryKeyStore(_folder.KeysFolder);
        var hub = DemoIdentities.Hubs[0];
        Assert.NotNull(store.GetPublicKey(hub, KeyUsage.KeyAgreement, false));
        Assert.NotNull(store.GetPrivateKey(DemoIdentities.Dcc, KeyUsage.KeyAgreement, false));
        Assert.NotNull(store.GetPublicKey(DemoIdentities.Supplier, KeyUsage.DigitalSignature, false));
    }

    [Fact]
    public void A_second_start_reuses_everything()
    {
        var before = Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => f, File.ReadAllBytes);
        var second = new TestSmki(_folder).EnsureMinted(DemoIdentities.Plan);
        Assert.Empty(second.Created);
        Assert.Equal(_first.Created.Count, second.Reused.Count);
        var after = Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(before.Keys, after);
        foreach (var file in after) Assert.Equal(before[file], File.ReadAllBytes(file));
    }

    [Fact]
    public void Certificates_without_their_ca_are_not_silently_re_rooted()
    {
        File.Delete(_folder.RootStem + ".key");
        Assert.Throws<InvalidOperationException>(() => new TestSmki(_folder).EnsureMinted(DemoIdentities.Plan));
    }

    private static string? Ou(X509Certificate2 cert) => cert.SubjectName.EnumerateRelativeDistinguishedNames()
        .FirstOrDefault(r => r.GetSingleElementType().Value == "2.5.4.11")?.GetSingleElementValue();

    private static void AssertSmkiEndEntity(X509Certificate2 cert, KeyUsage usage)
    {
        var ku = Assert.Single(cert.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(ku.Critical);
        Assert.Equal(SmkiCertificates.Flag(usage), ku.KeyUsages);
        Assert.Equal("1.2.840.10045.4.3.2", cert.SignatureAlgorithm.Value);
        var policies = cert.Extensions["2.5.29.32"];
        Assert.True(policies is { Critical: true });
        var ski = Assert.Single(cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        Assert.Equal(16, ski.SubjectKeyIdentifier!.Length); // 8 octets, hex
        Assert.NotNull(cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().SingleOrDefault());
        Assert.Equal(16, cert.GetSerialNumber().Length);
    }
}

using System.Security.Cryptography;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Protocol.Net.Tests;

/// <summary>DirectoryKeyStore over the RTDS keystore (read in place), InMemoryKeyStore, and key file naming.</summary>
public class KeyStoreTests
{
    private const ulong Esme = 0x00DB1234567890A0UL;

    private static string RtdsKeystore => SharedData.PathOf("vectors/gbcs/rtds-keystore");

    [SharedDataFact]
    public void Loads_every_rtds_keystore_file()
    {
        var store = new DirectoryKeyStore(RtdsKeystore);
        var loaded = store.LoadAll();
        int files = Directory.GetFiles(RtdsKeystore).Length;
        Assert.True(loaded.Count == files, $"loaded {loaded.Count} of {files} files");
        // 435 files copied from gbcs-parser plus the ESME KA private key added beside them (vectors README, "Added").
        Assert.Equal(436, loaded.Count);
        Assert.Equal(19, loaded.Count(n => n.IsPrivate));
        Assert.Equal(4, loaded.Count(n => n.Prepayment));
    }

    [SharedDataFact]
    public void Esme_ka_public_and_private_keys_match()
    {
        var store = new DirectoryKeyStore(RtdsKeystore);
        var pub = store.GetPublicKey(Esme, KeyUsage.KeyAgreement, false);
        var priv = store.GetPrivateKey(Esme, KeyUsage.KeyAgreement, false);
        Assert.NotNull(pub);
        Assert.NotNull(priv);
        Assert.Equal(pub, priv!.PublicKey);

        // Agreement with a fresh key both ways proves the private key belongs to the certificate's public key.
        var crypto = new NetGbcsCrypto();
        using var fresh = NetPrivateKey.Generate();
        var z1 = new byte[32];
        var z2 = new byte[32];
        Assert.True(crypto.EcdhSharedSecret(priv, fresh.PublicKey, z1, 0));
        Assert.True(crypto.EcdhSharedSecret(fresh, pub!, z2, 0));
        Assert.Equal(z1, z2);
    }

    [SharedDataFact]
    public void Certificate_identity_is_read()
    {
        var device = PublicKeys.FromPem(File.ReadAllText(Path.Combine(RtdsKeystore, "00db1234567890a0-ka.pem")));
        Assert.Equal(Esme, device.Eui);
        Assert.Equal(KeyUsage.KeyAgreement, device.Usage);
        Assert.Equal("730C9ADAEAD36D3057022F36C2C89DE3", device.SerialNumber);

        var supplier = PublicKeys.FromPem(File.ReadAllText(Path.Combine(RtdsKeystore, "90b3d51f30010000-ds.pem")));
        Assert.Equal(0x90B3D51F30010000UL, supplier.Eui);
        Assert.Equal(KeyUsage.DigitalSignature, supplier.Usage);

        var spki = PublicKeys.FromPem(File.ReadAllText(Path.Combine(RtdsKeystore, "fffffffffffffffe-ka.pem")));
        Assert.Null(spki.SerialNumber);
        Assert.Equal(65, spki.PublicKey.Length);
    }

    [SharedDataFact]
    public void Missing_key_is_null_and_public_key_falls_back_to_private()
    {
        var store = new DirectoryKeyStore(RtdsKeystore);
        Assert.Null(store.GetPublicKey(0x0102030405060708UL, KeyUsage.KeyAgreement, false));
        Assert.Null(store.GetPrivateKey(0x0102030405060708UL, KeyUsage.DigitalSignature, false));
        Assert.Null(store.GetPrivateKey(Esme, KeyUsage.DigitalSignature, false)); // device DS private is not public
        Assert.Null(store.GetPublicKey(Esme, KeyUsage.KeyAgreement, prepayment: true));
        Assert.NotNull(store.GetPublicKey(0x90B3D51F30010000UL, KeyUsage.KeyAgreement, prepayment: true));
        // abababababababab has only a .key: its public key is derived.
        Assert.NotNull(store.GetPublicKey(0xABABABABABABABABUL, KeyUsage.KeyAgreement, false));
    }

    /// <summary>
    /// A party's certificate is its public key file when that is a certificate (the supplier's KA certificate an Unknown
    /// Remote Party read carries); a bare SPKI, a private key alone or no file give none.
    /// </summary>
    [SharedDataFact]
    public void Certificate_is_the_public_key_file_when_it_is_one()
    {
        var store = new DirectoryKeyStore(RtdsKeystore);
        var pem = File.ReadAllText(Path.Combine(RtdsKeystore, "90b3d51f30010000-ka.pem"));
        var der = store.GetCertificate(0x90B3D51F30010000UL, KeyUsage.KeyAgreement, false);
        Assert.Equal(Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))), der);
        Assert.Equal(406, der!.Length);
        Assert.Null(store.GetCertificate(0xFFFFFFFFFFFFFFFEUL, KeyUsage.KeyAgreement, false)); // PUBLIC KEY (SPKI) PEM
        Assert.Null(store.GetCertificate(0xABABABABABABABABUL, KeyUsage.KeyAgreement, false)); // private key only
        Assert.Null(store.GetCertificate(0x0102030405060708UL, KeyUsage.KeyAgreement, false));
    }

    [Fact]
    public void Malformed_files_throw_a_typed_exception_naming_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("commshub-keystore-");
        try
        {
            var badPem = Path.Combine(dir.FullName, "0011223344556677-ka.pem");
            File.WriteAllText(badPem, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
            var badKey = Path.Combine(dir.FullName, "0011223344556677-DS.KEY".ToLowerInvariant());
            File.WriteAllBytes(badKey, new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 });
            var store = new DirectoryKeyStore(dir.FullName);

            var ex = Assert.Throws<KeyStoreFormatException>(() => store.GetPublicKey(0x0011223344556677UL, KeyUsage.KeyAgreement, false));
            Assert.Equal(badPem, ex.FilePath);
            Assert.Contains("0011223344556677-ka.pem", ex.Message);
            var ex2 = Assert.Throws<KeyStoreFormatException>(() => store.GetPrivateKey(0x0011223344556677UL, KeyUsage.DigitalSignature, false));
            Assert.Equal(badKey, ex2.FilePath);
            Assert.Throws<KeyStoreFormatException>(() => store.LoadAll());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Der_private_key_upper_case_name_and_later_files_are_found()
    {
        var dir = Directory.CreateTempSubdirectory("commshub-keystore-");
        try
        {
            var store = new DirectoryKeyStore(dir.FullName) { MissRetryInterval = TimeSpan.Zero };
            Assert.Null(store.GetPrivateKey(0x90B3D51F30000002UL, KeyUsage.DigitalSignature, false));

            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllBytes(Path.Combine(dir.FullName, "90B3D51F30000002-ds.key"), ec.ExportPkcs8PrivateKey());
            File.WriteAllText(Path.Combine(dir.FullName, "90B3D51F30000002-ds.pem"), ec.ExportSubjectPublicKeyInfoPem());

            var priv = store.GetPrivateKey(0x90B3D51F30000002UL, KeyUsage.DigitalSignature, false);
            var pub = store.GetPublicKey(0x90B3D51F30000002UL, KeyUsage.DigitalSignature, false);
            Assert.NotNull(priv);
            Assert.Equal(pub, priv!.PublicKey);
            Assert.Same(priv, store.GetPrivateKey(0x90B3D51F30000002UL, KeyUsage.DigitalSignature, false)); // cached
            Assert.Equal(2, store.LoadAll().Count);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("00db1234567890a0-ka.pem", 0x00DB1234567890A0UL, KeyUsage.KeyAgreement, false, false)]
    [InlineData("90B3D51F30010000-pp-ka.key", 0x90B3D51F30010000UL, KeyUsage.KeyAgreement, true, true)]
    [InlineData("abababababababab-ds.key", 0xABABABABABABABABUL, KeyUsage.DigitalSignature, false, true)]
    public void Key_file_names_parse(string name, ulong eui, KeyUsage usage, bool pp, bool isPrivate)
    {
        Assert.Equal(new KeyFileName(eui, usage, pp, isPrivate), KeyFileName.TryParse(name));
    }

    [Theory]
    [InlineData("00db1234567890a-ka.pem")]
    [InlineData("00db1234567890a0-xx.pem")]
    [InlineData("00db1234567890a0-ka.crt")]
    [InlineData("keystore.json")]
    public void Other_file_names_are_not_keys(string name) => Assert.Null(KeyFileName.TryParse(name));

    [Fact]
    public void In_memory_store()
    {
        using var key = NetPrivateKey.Generate();
        using var other = NetPrivateKey.Generate();
        var store = new InMemoryKeyStore()
            .AddPrivateKey(1, KeyUsage.KeyAgreement, key)
            .AddPublicKey(2, KeyUsage.DigitalSignature, other.PublicKey, prepayment: true);
        Assert.Same(key, store.GetPrivateKey(1, KeyUsage.KeyAgreement, false));
        Assert.Equal(key.PublicKey, store.GetPublicKey(1, KeyUsage.KeyAgreement, false));
        Assert.Equal(other.PublicKey, store.GetPublicKey(2, KeyUsage.DigitalSignature, true));
        Assert.Null(store.GetPublicKey(2, KeyUsage.DigitalSignature, false));
        Assert.Null(store.GetPrivateKey(2, KeyUsage.DigitalSignature, true));
        var offCurve = other.PublicKey;
        offCurve[64] ^= 1;
        Assert.Throws<ArgumentException>(() => store.AddPublicKey(3, KeyUsage.KeyAgreement, offCurve));
    }
}

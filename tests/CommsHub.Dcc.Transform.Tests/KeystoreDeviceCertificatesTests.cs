using System.Security.Cryptography;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>The DCC's device certificates read from a keystore folder (<see cref="KeystoreDeviceCertificates"/>).</summary>
public sealed class KeystoreDeviceCertificatesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("commshub-certs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SharedDataFact]
    public void A_certificate_file_gives_its_DER_and_a_bare_public_key_or_no_file_gives_none()
    {
        var rtds = Path.Combine(RtdsCorpus.KeystorePath, "00db123456789098-ka.pem");
        File.Copy(rtds, Path.Combine(_dir, "00DB123456789098-ka.pem"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_dir, "00db123456789099-ka.pem"), key.ExportSubjectPublicKeyInfoPem());
        var certificates = new KeystoreDeviceCertificates(_dir);

        var der = certificates.CertificateOf(0x00DB123456789098UL, KeyUsage.KeyAgreement);
        var pem = File.ReadAllText(rtds);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem).RawData),
            Convert.ToHexString(der!));
        Assert.Null(certificates.CertificateOf(0x00DB123456789098UL, KeyUsage.DigitalSignature));
        Assert.Null(certificates.CertificateOf(0x00DB123456789099UL, KeyUsage.KeyAgreement));
        Assert.Null(certificates.CertificateOf(0x00DB12345678909AUL, KeyUsage.KeyAgreement));
    }

    [Fact]
    public void A_file_that_is_no_certificate_is_a_typed_error_naming_it()
    {
        File.WriteAllText(Path.Combine(_dir, "00db123456789098-ka.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var ex = Assert.Throws<KeyStoreFormatException>(() =>
            new KeystoreDeviceCertificates(_dir).CertificateOf(0x00DB123456789098UL, KeyUsage.KeyAgreement));
        Assert.Contains("00db123456789098-ka.pem", ex.Message, StringComparison.Ordinal);
    }
}

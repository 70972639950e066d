using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Simulation.Credentials;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>CS02d/CS02e on a meter: only a certificate of the device's own key is stored, and CS02e answers it.</summary>
public class DeviceCertificatesTests
{
    private const string Update = "6.15.2_CS02d/CS02d_6.15.2_SUCCESS_COMMAND_GBCS.HEX";
    private const string ProvideDs = "6.24.2_CS02e/CS02e_6.24.2_SUCCESS_COMMAND_GBCS.HEX";

    [SharedDataFact]
    public void A_certificate_of_the_devices_own_ds_key_is_stored_and_provided_another_keys_is_refused()
    {
        var esme = TestMeters.Esme();
        var certs = esme.Certificates;
        var own = Certificate(esme.Keys.DigitalSignature.PublicKey);
        var other = Certificate(esme.Keys.KeyAgreement.PublicKey);

        Assert.Equal("020102", Hex(certs.Answer(Command(ProvideDs, null), null)!));
        Assert.Equal("020101", Hex(certs.Answer(Command(Update, other), null)!));
        Assert.Null(certs.Held(KeyUsage.DigitalSignature));
        Assert.Equal("020100", Hex(certs.Answer(Command(Update, own), null)!));
        Assert.Equal(Hex(own), Hex(certs.Answer(Command(ProvideDs, null), null)!));
    }

    private static string Hex(byte[] b) => Convert.ToHexString(b);

    private static GbcsMessage Command(string file, byte[]? content)
    {
        var b = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(Rtds.Message(file)));
        if (content is not null) b.SetContent(content);
        return GbcsFrameParser.Parse(b.Build());
    }

    // A DS certificate for the public key (65-byte point), issued by a throwaway CA.
    private static byte[] Certificate(byte[] point)
    {
        using var subject = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        using var ca = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("OU=08"), new PublicKey(subject), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var cert = request.Create(new X500DistinguishedName("CN=Z1"), X509SignatureGenerator.CreateForECDsa(ca),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3, 4]);
        return cert.RawData;
    }
}

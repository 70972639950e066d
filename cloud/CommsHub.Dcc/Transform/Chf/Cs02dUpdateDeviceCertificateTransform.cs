using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// 6.15.2 Update Security Credentials (Device) -> CS02d Update Device Certificates on Device (critical, user-originated):
/// the payload is the new device certificate from sr:DeviceCertificate, as DER. A body that is not an X.509 certificate, or
/// one that does not name the target device (hardwareModuleName hwSerialNum), is refused as an invalid body.
/// </summary>
internal sealed class Cs02dUpdateDeviceCertificateTransform() : UseCaseTransform("6.15.2", "CS02d")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "UpdateSecurityCredentialsDevice") return null;
        var text = DuisBody.RequiredText(body, "DeviceCertificate");
        byte[] der;
        ulong? named;
        try
        {
            der = Convert.FromBase64String(text);
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            named = CertificateIdentity.TryGetEui(certificate);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw DuisBody.Invalid($"sr:DeviceCertificate is not a base64 DER X.509 certificate: {ex.Message}");
        }
        // The certificate becomes the target's own identity: one naming another device (or none) must not reach it.
        var target = request.Header.RequestId.Target;
        if (named != target)
            throw DuisBody.Invalid($"sr:DeviceCertificate names {(named is { } n ? n.ToString("X16", CultureInfo.InvariantCulture) : "no device")}, " +
                $"not the target device {target.ToString("X16", CultureInfo.InvariantCulture)}");
        return new UseCasePlan("CS02d", 0x000B /* CS02d */, CommandOrigin.User, true, _ => der);
    }
}

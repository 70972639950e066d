using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Transforms.Chf;

/// <summary>
/// 6.15.2 Update Security Credentials (Device) -> CS02d Update Device Certificates on Device (critical, user-originated):
/// the payload is the new device certificate from sr:DeviceCertificate, as DER. A body that is not an X.509 certificate is
/// refused as an invalid body.
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
        try
        {
            der = Convert.FromBase64String(text);
            using var _ = X509CertificateLoader.LoadCertificate(der);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw DuisBody.Invalid($"sr:DeviceCertificate is not a base64 DER X.509 certificate: {ex.Message}");
        }
        return new UseCasePlan("CS02d", 0x000B /* CS02d */, CommandOrigin.User, true, _ => der);
    }
}

using System.Security.Cryptography.X509Certificates;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// 6.15.2 Update Security Credentials (Device) puts a device certificate on the target device (CS02d): one naming another
/// device (its hardwareModuleName hwSerialNum) would give the target a key and identity that are not its own.
/// </summary>
public sealed class Cs02dDeviceCertificateErrorTests
{
    private const string Template = "CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML";

    [SharedDataFact]
    public void Another_device_s_certificate_is_an_invalid_body()
    {
        // The template's target is the ESME 00-DB-12-34-56-78-90-A0; this is the GSME's (..A1) DS certificate.
        using var other = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(RtdsCorpus.KeystorePath, "00db1234567890a1-ds.pem")));
        var request = TransformData.LoadTemplate(Template);
        request.BodyElement.GetElementsByTagName("DeviceCertificate", DuisNamespaces.ServiceUserGateway)[0]!.InnerText =
            Convert.ToBase64String(other.RawData);

        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, TransformData.Context(request, 1)));

        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains("names 00DB1234567890A1, not the target device 00DB1234567890A0", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void The_target_device_s_own_certificate_is_transformed()
    {
        var request = TransformData.LoadTemplate(Template);
        Assert.NotEmpty(TransformData.Transformer().Transform(request, TransformData.Context(request, 1)).Command);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using CommsHub.Dcc.Duis;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// The Unknown Remote Party form of a log read (4.14 ECS21b/GCS16b, 4.17 GCS61): when the body carries
/// sr:KAPublicSecurityCredentials, the requester is not a remote party the device knows, so the ACB originates the
/// command on the user's behalf and the grouping header carries the user's KA certificate as Supplementary Remote Party
/// certificate (RTDS: other-information 2 + 8 + 8 + the certificate), with which the device protects its response for
/// the user. Without that element the inner transform's plan (the known-remote-party form) is returned unchanged.
/// </summary>
internal sealed class UnknownRemotePartyRead : IUseCaseTransform
{
    private const string CredentialsElement = "KAPublicSecurityCredentials";

    /// <summary>Other-information is at most 65535 bytes; 18 of them are the message code, SRP id and counter.</summary>
    private const int MaxCertificateLength = 65535 - 18;

    private readonly IUseCaseTransform _inner;

    /// <summary>Wraps <paramref name="inner"/>, whose payload is the same in both forms.</summary>
    public UnknownRemotePartyRead(IUseCaseTransform inner) => _inner = inner;

    /// <inheritdoc />
    public string Srv => _inner.Srv;

    /// <inheritdoc />
    public IReadOnlyList<string> UseCases => _inner.UseCases;

    /// <inheritdoc />
    public UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var plan = _inner.Plan(request, context);
        if (plan is null || Certificate(request.BodyElement) is not { } offered) return plan;
        return plan with { Origin = CommandOrigin.AccessControlBroker, UnknownRemotePartyCertificate = offered };
    }

    /// <summary>The DER of sr:KAPublicSecurityCredentials, or null when the body has none.</summary>
    /// <exception cref="DuisTransformException">not base64, not an X.509 certificate, or too long for the header.</exception>
    internal static byte[]? Certificate(XmlElement body)
    {
        if (DuisBody.Text(body, CredentialsElement) is not { } text) return null;
        byte[] der;
        try { der = Convert.FromBase64String(text); }
        catch (FormatException) { throw DuisBody.Invalid($"sr:{CredentialsElement} is not base64"); }
        if (der.Length > MaxCertificateLength)
            throw DuisBody.Invalid($"sr:{CredentialsElement} is {der.Length} bytes, more than a GBCS grouping header carries");
        try { using var _ = X509CertificateLoader.LoadCertificate(der); }
        catch (CryptographicException ex) { throw DuisBody.Invalid($"sr:{CredentialsElement} is not an X.509 certificate: {ex.Message}"); }
        return der;
    }
}

using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace CommsHub.Firmware.Host.Wan;

/// <summary>
/// Judges the broker's certificate during the TLS handshake and remembers why it refused one, so a failed connect can
/// say so in a line. With trust anchors (<c>--ca</c>) the certificate must chain to one of them (through the
/// intermediates the broker sent) for server authentication; without, the system's verdict stands. The name the hub
/// dialled must be in the certificate either way. Revocation is not checked: the test SMKI publishes no CRL.
/// </summary>
internal sealed class BrokerCertificateCheck(X509Certificate2Collection? trustAnchors)
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Why the last handshake's certificate was refused; null when it was accepted (or none was checked).</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>Forgets the last verdict (before a new connect).</summary>
    public void Reset() => LastRefusal = null;

    /// <summary>MQTTnet's validation handler: true to go on with the handshake.</summary>
    public bool Validate(MqttClientCertificateValidationEventArgs e)
    {
        ArgumentNullException.ThrowIfNull(e);
        LastRefusal = Refusal(e.Certificate, e.Chain, e.SslPolicyErrors);
        return LastRefusal is null;
    }

    private string? Refusal(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return "the broker sent no certificate";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return "the broker's certificate does not name the host dialled";
        if (trustAnchors is null)
        {
            return errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
                ? "the broker's certificate is not trusted by the system (" + Statuses(sent) + "); give its CA with --ca"
                : null;
        }
        // A copy: the TLS layer owns the instance it passes in.
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustAnchors);
        if (sent is not null) chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf) ? null : "the broker's certificate does not chain to --ca (" + Statuses(chain) + ")";
    }

    private static string Statuses(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0 ? "no chain" : string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
}

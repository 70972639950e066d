using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace CommsHub.Firmware.Host.Wan;

/// <summary>
/// Presents the hub's client certificate only when the broker asks for one, and remembers that it asked. In TLS 1.3 the
/// broker judges a client certificate after the client has finished its handshake, so a refusal reaches the hub only as
/// a connection closed before CONNACK; knowing the broker asked (and whether the hub had a certificate to give) is what
/// lets that close be told apart from a broker that is merely unwell.
/// </summary>
/// <remarks>
/// The TLS layer calls the selection handler once before the handshake (no broker certificate yet) and again when the
/// broker sends a CertificateRequest (its certificate known); the certificate returned then is the one sent.
/// </remarks>
internal sealed class HubCertificateSelection(X509Certificate2? certificate)
{
    /// <summary>True once the broker has asked for a client certificate in the current connect.</summary>
    public bool Asked { get; private set; }

    /// <summary>The certificate the hub presents (null: none).</summary>
    public X509Certificate2? Certificate => certificate;

    /// <summary>Forgets the last connect's request.</summary>
    public void Reset() => Asked = false;

    /// <summary>MQTTnet's selection handler.</summary>
    public X509Certificate Select(MqttClientCertificateSelectionEventArgs e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.RemoveCertificate is null) return null!; // before the handshake: nothing asked yet
        Asked = true;
        return certificate!; // null (no certificate) is what the TLS layer expects when there is none to give
    }
}

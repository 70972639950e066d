using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Dcc.Smki;

/// <summary>A certificate authority of the test SMKI: its certificate and signing key (owned; disposed with it).</summary>
public sealed class SmkiIssuer(X509Certificate2 certificate, ECDsa key) : IDisposable
{
    /// <summary>The CA certificate.</summary>
    public X509Certificate2 Certificate { get; } = certificate ?? throw new ArgumentNullException(nameof(certificate));

    /// <summary>The CA's private key.</summary>
    public ECDsa Key { get; } = key ?? throw new ArgumentNullException(nameof(key));

    /// <inheritdoc/>
    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }
}

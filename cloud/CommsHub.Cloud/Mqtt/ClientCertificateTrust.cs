using System.Security.Cryptography.X509Certificates;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// Decides, during the TLS handshake, whether a client certificate may log in: it must chain to one of the configured
/// trust anchors (through the configured intermediates or ones the client sent), allow digitalSignature (SMKI gives each
/// key one use, and a TLS client signs with its key), and name an EUI (device hardwareModuleName or organisation
/// x500UniqueIdentifier). Revocation is not checked: the test SMKI publishes no CRL.
/// </summary>
public sealed class ClientCertificateTrust(X509Certificate2Collection anchors, X509Certificate2Collection intermediates)
{
    /// <summary>The trust anchors (self-signed CA certificates).</summary>
    public X509Certificate2Collection Anchors { get; } = anchors ?? throw new ArgumentNullException(nameof(anchors));

    /// <summary>
    /// Reads the CA certificates of a PEM file: self-signed ones become anchors, the rest intermediates.
    /// </summary>
    /// <exception cref="InvalidOperationException">the file holds no self-signed certificate.</exception>
    public static ClientCertificateTrust FromPemFile(string path)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(path);
        var anchors = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? anchors : intermediates).Add(certificate);
        if (anchors.Count == 0)
            throw new InvalidOperationException($"'{path}' holds no self-signed CA certificate to trust client certificates with");
        return new ClientCertificateTrust(anchors, intermediates);
    }

    /// <summary>Null when <paramref name="certificate"/> is acceptable, otherwise why it is not.</summary>
    /// <param name="certificate">The client's certificate (null when it sent none).</param>
    /// <param name="sent">The chain the TLS layer built, whose extra store holds the certificates the client sent.</param>
    public string? Refusal(X509Certificate? certificate, X509Chain? sent)
    {
        if (certificate is null) return "no client certificate";
        // A copy: the TLS layer owns the instance it passes in.
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Anchors);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        if (sent is not null) chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(leaf))
            return "does not chain to the configured CA: " + string.Join(", ", chain.ChainStatus.Select(s => s.Status));
        if (leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            return "its key is not for digitalSignature (a key-agreement certificate cannot log in)";
        return CertificateIdentity.TryGetEui(leaf) is null ? "names no EUI" : null;
    }
}

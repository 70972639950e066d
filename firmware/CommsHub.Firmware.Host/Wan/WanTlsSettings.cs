using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Firmware.Host.Wan;

/// <summary>
/// How a hub speaks TLS to the broker: whom it trusts with the broker's certificate (the CA certificates of a PEM file,
/// or the system's trust store) and, for client-certificate login, its own certificate and private key. Loaded once at
/// start and shared by every hub of the process (read only).
/// </summary>
public sealed class WanTlsSettings
{
    private WanTlsSettings(X509Certificate2Collection? trustAnchors, X509Certificate2? clientCertificate)
    {
        TrustAnchors = trustAnchors;
        ClientCertificate = clientCertificate;
    }

    /// <summary>The CA certificates the broker's certificate must chain to; null: the system's trust store.</summary>
    public X509Certificate2Collection? TrustAnchors { get; }

    /// <summary>The hub's certificate with its private key, presented when the broker asks; null: none.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>
    /// Reads the files: <paramref name="caFile"/> (PEM, one or more CA certificates; null for the system's trust store),
    /// <paramref name="certificateFile"/> and <paramref name="keyFile"/> (PEM certificate and its unencrypted private
    /// key; both or neither). Error messages name the option and the file, never the key's content.
    /// </summary>
    /// <exception cref="FormatException">a file cannot be read, holds no certificate, or the key does not fit the certificate.</exception>
    public static WanTlsSettings Load(string? caFile, string? certificateFile, string? keyFile)
    {
        if ((certificateFile is null) != (keyFile is null)) throw new FormatException("--cert and --key go together (client-certificate login needs both)");
        X509Certificate2Collection? anchors = null;
        if (caFile is not null)
        {
            anchors = new X509Certificate2Collection();
            Read("--ca", caFile, () => anchors.ImportFromPemFile(caFile));
            if (anchors.Count == 0) throw new FormatException($"--ca {caFile} holds no PEM certificate");
        }
        X509Certificate2? client = null;
        if (certificateFile is not null)
        {
            // Read apart first so the error names the file at fault; CreateFromPemFile then pairs the two.
            Read("--cert", certificateFile, () => File.ReadAllText(certificateFile));
            Read("--key", keyFile!, () => File.ReadAllText(keyFile!));
            client = Read("--cert/--key", $"{certificateFile} + {keyFile}", () => X509Certificate2.CreateFromPemFile(certificateFile, keyFile));
            // A TLS client proves its key by signing: a key-agreement-only certificate (an SMKI KA one) is never sent.
            if (client.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
                && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            {
                client.Dispose();
                throw new FormatException($"--cert {certificateFile} is not for digitalSignature, which a TLS client login needs (use the hub's DS certificate, not its KA one)");
            }
        }
        return new WanTlsSettings(anchors, client);
    }

    private static T Read<T>(string option, string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new FormatException($"cannot read {option} {file}: {e.Message}", e);
        }
    }

    private static void Read(string option, string file, Action read) => Read(option, file, () =>
    {
        read();
        return 0;
    });
}

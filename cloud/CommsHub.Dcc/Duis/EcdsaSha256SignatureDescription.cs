using System.Security.Cryptography;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// XMLDSig "ecdsa-sha256" (RFC 4051) for System.Security.Cryptography.Xml, which ships RSA and DSA only.
/// The signature value is the raw r||s concatenation, which is also .NET's default ECDSA format.
/// </summary>
public sealed class EcdsaSha256SignatureDescription : SignatureDescription
{
    /// <summary>The algorithm URI DUIS uses.</summary>
    public const string Algorithm = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

    private static int _registered;

    /// <summary>Creates the description (CryptoConfig instantiates it by name).</summary>
    public EcdsaSha256SignatureDescription()
    {
        KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
        DigestAlgorithm = typeof(SHA256).AssemblyQualifiedName;
    }

    /// <summary>Registers the algorithm with <see cref="CryptoConfig"/> (idempotent, thread-safe).</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            CryptoConfig.AddAlgorithm(typeof(EcdsaSha256SignatureDescription), Algorithm);
    }

    /// <inheritdoc/>
    public override HashAlgorithm CreateDigest() => SHA256.Create();

    /// <inheritdoc/>
    public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new Formatter(AsEcdsa(key));

    /// <inheritdoc/>
    public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Deformatter(AsEcdsa(key));

    private static ECDsa AsEcdsa(AsymmetricAlgorithm key) =>
        key as ECDsa ?? throw new CryptographicException($"ecdsa-sha256 needs an ECDsa key, not {key.GetType().Name}");

    private sealed class Formatter(ECDsa key) : AsymmetricSignatureFormatter
    {
        private ECDsa _key = key;
        public override void SetKey(AsymmetricAlgorithm key) => _key = AsEcdsa(key);
        public override void SetHashAlgorithm(string strName) { } // fixed to SHA-256 by the description
        public override byte[] CreateSignature(byte[] rgbHash) => _key.SignHash(rgbHash);
    }

    private sealed class Deformatter(ECDsa key) : AsymmetricSignatureDeformatter
    {
        private ECDsa _key = key;
        public override void SetKey(AsymmetricAlgorithm key) => _key = AsEcdsa(key);
        public override void SetHashAlgorithm(string strName) { }
        public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => _key.VerifyHash(rgbHash, rgbSignature);
    }
}

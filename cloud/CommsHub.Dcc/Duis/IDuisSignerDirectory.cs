using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace CommsHub.Dcc.Duis;

/// <summary>
/// Where XML-signing certificates are looked up, by the issuer and serial number a signature's
/// KeyInfo/X509Data/X509IssuerSerial names. Serials are 128-bit in SMKI, hence <see cref="BigInteger"/>.
/// </summary>
public interface IDuisSignerDirectory
{
    /// <summary>The certificate with that issuer and serial, or null when none is known.</summary>
    X509Certificate2? Find(string issuerName, BigInteger serialNumber);
}

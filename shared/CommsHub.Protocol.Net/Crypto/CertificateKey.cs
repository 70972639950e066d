using CommsHub.Protocol.Crypto;

namespace CommsHub.Protocol.Net.Crypto;

/// <summary>A public key read from a certificate or SPKI, with what the certificate says about its owner.</summary>
/// <param name="PublicKey">65-byte uncompressed P-256 point.</param>
/// <param name="SerialNumber">Certificate serial as upper-case hex, or null for a bare SPKI.</param>
/// <param name="Eui">The subject's EUI-64 (device hwSerialNum or organisation x500UniqueIdentifier), when present.</param>
/// <param name="Usage">DS or KA from the KeyUsage extension when it names exactly one of them, else null.</param>
public sealed record CertificateKey(byte[] PublicKey, string? SerialNumber, ulong? Eui, KeyUsage? Usage);

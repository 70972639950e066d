namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// An opaque handle to a P-256 private key. Portable code never sees the scalar: on a device the key lives in
    /// native storage, on .NET in an ECParameters-backed object. Implementations must never log or print the key.
    /// </summary>
    public interface IGbcsPrivateKey
    {
        /// <summary>The matching public key as a 65-byte uncompressed SEC1 point (04 || X || Y).</summary>
        byte[] PublicKey { get; }
    }
}

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// Where GBCS logic finds keys by party (EUI-64) and usage. A hub's store holds its own private keys and its
    /// trust anchors' public keys; a test rig's may hold many. Lookups return null when the key is not held.
    /// </summary>
    public interface IGbcsKeyStore
    {
        /// <summary>The public key (65-byte uncompressed point) of <paramref name="eui"/> for <paramref name="usage"/>, or null. Stores may return a shared array: callers must not modify it.</summary>
        byte[] GetPublicKey(ulong eui, KeyUsage usage, bool prepayment);

        /// <summary>The private key of <paramref name="eui"/> for <paramref name="usage"/>, or null when not held.</summary>
        IGbcsPrivateKey GetPrivateKey(ulong eui, KeyUsage usage, bool prepayment);
    }
}

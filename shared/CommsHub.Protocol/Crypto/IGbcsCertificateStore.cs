namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// A key store that also holds parties' X.509 certificates (the SMKI repository's view): what a command carries when
    /// GBCS puts a certificate in it, e.g. an Unknown Remote Party's KA certificate in the grouping header.
    /// </summary>
    public interface IGbcsCertificateStore
    {
        /// <summary>The DER certificate of <paramref name="eui"/> for <paramref name="usage"/>, or null when not held (or only its bare public key is).</summary>
        byte[] GetCertificate(ulong eui, KeyUsage usage, bool prepayment);
    }
}

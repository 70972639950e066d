namespace CommsHub.Protocol.Crypto
{
    /// <summary>Which certificate of a party a key belongs to (SMKI: one key usage per certificate).</summary>
    public enum KeyUsage
    {
        /// <summary>Digital signature (DS): ECDSA signatures on critical commands, responses and alerts.</summary>
        DigitalSignature = 1,
        /// <summary>Key agreement (KA): ECDH for MACs and payload encryption.</summary>
        KeyAgreement = 2,
    }
}

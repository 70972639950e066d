using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>Signs GBCS messages in place (critical commands, and device responses/alerts to critical commands).</summary>
    public static class GbcsSigner
    {
        /// <summary>
        /// Writes the ECDSA signature of <paramref name="m"/> into its signature field. The message must have been built
        /// with an ECDSA signature field (zeros are fine); a MAC, if any, must be applied afterwards.
        /// </summary>
        public static void Sign(IGbcsCrypto crypto, IGbcsPrivateKey key, GbcsMessage m)
        {
            if (m.Signature != SignatureKind.Ecdsa)
                throw new Encoding.GbcsFormatException(Encoding.GbcsErrorCode.BadField, 0, "message has no ECDSA signature field");
            crypto.EcdsaSign(key, m.Buffer, m.SignedDataOffset, m.SignedDataLength, m.Buffer, m.SignatureOffset);
        }
    }
}

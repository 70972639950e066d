namespace CommsHub.Protocol.Framing
{
    /// <summary>Constants of the GBCS frame layout (GBCS.md §1.2, §1.3).</summary>
    public static class GbcsLayout
    {
        /// <summary>DLMS general-ciphering tag: the MAC header.</summary>
        public const int GeneralCipheringTag = 0xDD;
        /// <summary>DLMS general-signing tag: the grouping header.</summary>
        public const int GeneralSigningTag = 0xDF;
        /// <summary>Security control byte of a MAC'd message: authentication only.</summary>
        public const int SecurityControlAuthOnly = 0x11;
        /// <summary>Security control byte of encrypted content: authentication and encryption.</summary>
        public const int SecurityControlAuthEncrypt = 0x31;
        /// <summary>Bytes of the MAC (leftmost bytes of the GCM tag).</summary>
        public const int MacLength = 12;
        /// <summary>Bytes of an ECDSA P-256 raw r||s signature.</summary>
        public const int SignatureLength = 64;
        /// <summary>Bytes of a DLMS date-time.</summary>
        public const int DateTimeLength = 12;
        /// <summary>Bytes of the transaction id: CRA flag + 8-byte originator counter.</summary>
        public const int TransactionIdLength = 9;
        /// <summary>Bytes between the ciphered-service length and the DF tag: SC(1) + invocation counter(4).</summary>
        public const int SecurityHeaderLength = 5;
    }
}

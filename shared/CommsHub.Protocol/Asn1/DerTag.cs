namespace CommsHub.Protocol.Asn1
{
    /// <summary>The universal DER tags GBCS ASN.1 payloads use (GBCS.md §1.4).</summary>
    public static class DerTag
    {
        /// <summary>INTEGER.</summary>
        public const int Integer = 0x02;
        /// <summary>OCTET STRING.</summary>
        public const int OctetString = 0x04;
        /// <summary>NULL.</summary>
        public const int Null = 0x05;
        /// <summary>ENUMERATED.</summary>
        public const int Enumerated = 0x0A;
        /// <summary>GeneralizedTime.</summary>
        public const int GeneralizedTime = 0x18;
        /// <summary>SEQUENCE / SEQUENCE OF (constructed).</summary>
        public const int Sequence = 0x30;
    }
}

namespace CommsHub.Protocol.Crypto
{
    /// <summary>Where in a payload an encrypted content was found (GBCS.md §1.5).</summary>
    public enum EncryptedContentKind
    {
        /// <summary>A DLMS protected-attributes octet-string after its protection parameters (Get Protected Attributes responses, ECS68 alerts).</summary>
        DlmsProtectedAttributes = 1,
        /// <summary>A GBZ component with the encrypted bit (0x02) in its control field (GCS13a, GCS53 etc.).</summary>
        GbzComponent = 2,
    }
}

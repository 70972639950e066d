namespace CommsHub.Protocol.Framing
{
    /// <summary>What the signature field at the end of the general-signing APDU holds.</summary>
    public enum SignatureKind
    {
        /// <summary>No signature field at all (pre-commands as DCC Boxed emits them).</summary>
        Absent = 0,
        /// <summary>A single <c>00</c> byte: the null signature of non-critical messages.</summary>
        Null = 1,
        /// <summary><c>40</c> followed by a 64-byte ECDSA P-256 r||s signature.</summary>
        Ecdsa = 2,
    }
}

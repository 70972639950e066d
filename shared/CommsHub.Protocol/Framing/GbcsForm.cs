namespace CommsHub.Protocol.Framing
{
    /// <summary>The outer form of a GBCS message (GBCS.md §1.1).</summary>
    public enum GbcsForm
    {
        /// <summary><c>DD 00</c>: general-ciphering MAC header around a general-signing APDU, then a 12-byte MAC.</summary>
        Mac = 1,
        /// <summary><c>DF</c> with a 64-byte ECDSA signature and no MAC: critical responses and alerts, signature-only commands.</summary>
        Signed = 2,
        /// <summary><c>DF</c> with a null or absent signature and no MAC: a DUIS CV4 pre-command awaiting the user's signature.</summary>
        PreCommand = 3,
    }
}

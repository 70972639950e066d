namespace CommsHub.Dcc.Transforms;

/// <summary>
/// Who the GBCS Business Originator of a command is. Derived from RTDS 4.5.0: most commands to the Comms Hub Function
/// (CCS01-07, ECS35c/d, ...) and to a PPMID/HCALCS (CS08) are originated by the Access Control Broker on the user's
/// behalf, with other-information of 18 bytes (Supplementary Remote Party ID = the user's EUI, SRP counter = the DUIS
/// RequestID counter) and the ACB's own originator counter; a few the ACB originates in its own right, with a 2-byte
/// other-information and no Supplementary Remote Party (CS02a/f Provide Security Credentials Details, GCS59 Restore GPF
/// Device Log); every other device command in scope is originated by the user itself, other-information of 2 bytes,
/// originator counter = the DUIS RequestID counter.
/// </summary>
public enum CommandOrigin
{
    /// <summary>The user is the Business Originator; the DUIS counter is the originator counter.</summary>
    User,
    /// <summary>The ACB is the Business Originator on the user's behalf (SRP ID and counter carry the user and its counter).</summary>
    AccessControlBroker,
    /// <summary>The ACB is the Business Originator in its own right: its own counter, no Supplementary Remote Party.</summary>
    AccessControlBrokerOnly,
    /// <summary>
    /// The DCC's Transitional Change of Supplier party originates (6.23 CS02b supplier by TransCoS): other-information
    /// of 2 bytes, a counter the DCC allocates (as for the ACB), always signed with the TransCoS DS key; the ACB MACs it
    /// as every command.
    /// </summary>
    TransitionalCoS,
}

/// <summary>Helpers over <see cref="CommandOrigin"/>.</summary>
public static class CommandOrigins
{
    /// <summary>True when the ACB originates the command (with or without a Supplementary Remote Party): it takes an ACB counter.</summary>
    public static bool IsAccessControlBroker(this CommandOrigin origin) =>
        origin is CommandOrigin.AccessControlBroker or CommandOrigin.AccessControlBrokerOnly;
}

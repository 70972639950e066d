namespace CommsHub.Dcc.Transforms;

/// <summary>
/// Who the GBCS Business Originator of a command is. Derived from RTDS 4.5.0: every command to the Comms Hub Function
/// (CCS01-07, ECS35c/d, ...) and to a PPMID/HCALCS (CS08) is originated by the Access Control Broker, with
/// other-information of 18 bytes (Supplementary Remote Party ID = the user's EUI, SRP counter = the DUIS RequestID
/// counter) and the ACB's own originator counter; every other device command in scope (ECS17b, ECS35a/b/e/f/g, CS07,
/// CS10a/b, CS11, ECS15a/c, ECS52 on an ESME, GCS13a, GCS38 and the critical CS06, ECS42/43, GCS32) is originated by
/// the user itself, other-information of 2 bytes, originator counter = the DUIS RequestID counter.
/// </summary>
public enum CommandOrigin
{
    /// <summary>The user is the Business Originator; the DUIS counter is the originator counter.</summary>
    User,
    /// <summary>The ACB is the Business Originator on the user's behalf (SRP ID and counter carry the user and its counter).</summary>
    AccessControlBroker,
    /// <summary>
    /// The ACB originates on its own account (8.5 Service Opt Out, 6.21 handover of a DCC controlled device): no
    /// Supplementary Remote Party (other-information of 2 bytes), the ACB's originator counter.
    /// </summary>
    AccessControlBrokerOwn,
    /// <summary>
    /// The DCC's Transitional Change of Supplier party originates (6.23): other-information of 2 bytes, a counter the DCC
    /// allocates (as for the ACB), signed with the TransCoS DS key; the ACB MACs it as every command.
    /// </summary>
    TransitionalCoS,
}

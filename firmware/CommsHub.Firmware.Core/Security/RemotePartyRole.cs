namespace CommsHub.Firmware.Core.Security
{
    /// <summary>
    /// GBCS remote-party roles that own a trust anchor cell on the hub (GBCS.md §3.5: the SMKI certificate OU and the
    /// gbcs-parser <c>RemotePartyRole</c> numbering).
    /// </summary>
    public enum RemotePartyRole
    {
        /// <summary>SMKI root (0).</summary>
        Root = 0,
        /// <summary>Recovery (1).</summary>
        Recovery = 1,
        /// <summary>Supplier (2): signs critical commands for its devices.</summary>
        Supplier = 2,
        /// <summary>Network Operator (3): signs critical commands of its own.</summary>
        NetworkOperator = 3,
        /// <summary>Access Control Broker (4, the DCC): its KA key MACs every command.</summary>
        AccessControlBroker = 4,
        /// <summary>Transitional Change of Supplier (5).</summary>
        TransitionalCoS = 5,
        /// <summary>WAN provider (6).</summary>
        WanProvider = 6,
    }
}

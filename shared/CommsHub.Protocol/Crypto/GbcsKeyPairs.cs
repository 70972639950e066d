using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.Crypto
{
    /// <summary>
    /// Which two parties' KA keys MAC a message (GBCS.md §3.2): a command is MAC'd between the Access Control Broker
    /// and the target device, whoever the Business Originator is; a response or alert between the originating device
    /// and its recipient.
    /// </summary>
    public static class GbcsKeyPairs
    {
        /// <summary>
        /// The party whose KA key pairs with the target's for the MAC of <paramref name="m"/>. For commands this is
        /// <paramref name="accessControlBroker"/> (0 when unknown, in which case the MAC cannot be checked).
        /// </summary>
        public static ulong MacPartner(GbcsMessage m, ulong accessControlBroker)
        {
            return m.Cra == CraFlag.Command ? accessControlBroker : m.Originator;
        }
    }
}

namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// First byte of a GBCS payload carried over the ZigBee SE Tunnelling cluster (GBCS.md §1.6, after packet-gbcs.c
    /// <c>dissect_gbcs_tunnel</c>).
    /// </summary>
    public enum TunnelCommand
    {
        /// <summary>01: a sleepy device asks for its next queued message (no GBCS message follows).</summary>
        Get = 1,
        /// <summary>02: the answer to a GET: a remaining-messages byte, then the oldest queued GBCS message (if any).</summary>
        GetResponse = 2,
        /// <summary>03: a GBCS message pushed to the peer (commands to awake devices; responses and alerts from devices).</summary>
        Put = 3,
    }
}

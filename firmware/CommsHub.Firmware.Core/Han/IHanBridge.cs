namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// The hub's side of the HAN: forwards GBCS commands to joined devices in the CHF Device Log and reports what
    /// they send back. The engine owns the WAN side; this contract is the seam between the two.
    /// </summary>
    public interface IHanBridge
    {
        /// <summary>
        /// Passes a GBCS command to <paramref name="target"/>. The frame is copied if it must outlive the call
        /// (mailbox). <paramref name="originatorCounter"/> identifies the command for response matching and timeouts.
        /// </summary>
        HanForwardResult Forward(ulong target, byte[] frame, int offset, int count, ulong originatorCounter);

        /// <summary>Raised for every response or alert a HAN device sends, to be relayed to the WAN.</summary>
        event HanFrameHandler FrameReceived;

        /// <summary>
        /// Raised when a forwarded command will get no response through the bridge: none came in time, it expired in a
        /// mailbox before its device fetched it, or its device went away.
        /// </summary>
        event HanTimeoutHandler CommandTimedOut;
    }
}

namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// Where the engine puts GBCS responses and alerts for the WAN (<c>chub/{EUI}/up</c>). <see cref="Send"/> returns once
    /// the frame is durably queued (persisted outbox), not when it is delivered: delivery is at least once.
    /// </summary>
    public interface IUplink
    {
        /// <summary>Queues a frame for the WAN. Returns false when the outbox is full (the caller raises an event).</summary>
        bool Send(byte[] frame, int offset, int count);
    }
}

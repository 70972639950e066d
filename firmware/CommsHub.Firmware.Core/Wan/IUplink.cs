namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// Where the engine puts GBCS responses and alerts for the WAN (<c>chub/{EUI}/up</c>). <see cref="Send"/> returns once
    /// the frame is durably queued (persisted outbox), not when it is delivered: delivery is at least once.
    /// </summary>
    public interface IUplink
    {
        /// <summary>Queues a frame for the WAN. Returns false when the outbox is full (the caller counts and reports it).</summary>
        bool Send(byte[] frame, int offset, int count);

        /// <summary>
        /// How many more frames of up to <paramref name="frameLength"/> bytes <see cref="Send"/> is sure to take now. The
        /// engine takes a command from the WAN only while this leaves room for the command's answer, the answers it
        /// already owes and a reserve for alerts.
        /// </summary>
        int RoomFor(int frameLength);
    }
}

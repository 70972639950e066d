namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// An MQTT message arrived on <paramref name="topic"/>. <paramref name="deliveryId"/> is what to pass to
    /// <see cref="IWanTransport.Acknowledge"/> once the message is taken (0: the transport has acknowledged it itself).
    /// </summary>
    public delegate void WanMessageHandler(string topic, byte[] payload, int offset, int count, int deliveryId);

    /// <summary>The broker answered publish <paramref name="messageId"/>: <paramref name="delivered"/> false for a refusal.</summary>
    public delegate void WanPublishAckHandler(int messageId, bool delivered);

    /// <summary>The connection to the broker was lost.</summary>
    public delegate void WanDisconnectedHandler();

    /// <summary>
    /// A GBCS frame from <c>chub/{EUI}/down</c> offered to the engine: true when it was taken (handled, whatever the
    /// outcome), false when the hub cannot take a command now (no room in its outbox): it is offered again later.
    /// </summary>
    public delegate bool WanFrameHandler(byte[] frame, int offset, int count);

    /// <summary>A <c>down</c> frame is waiting in the link's inbox (raised on the transport's thread).</summary>
    public delegate void WanDownQueuedHandler();

    /// <summary>
    /// The broker answered one of the link's publishes (raised on the transport's thread): the host may run
    /// <see cref="WanLink.Pump"/> on the hub's thread to send the next frame at once.
    /// </summary>
    public delegate void WanAckReceivedHandler();
}

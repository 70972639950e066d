namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>An MQTT message arrived on <paramref name="topic"/>.</summary>
    public delegate void WanMessageHandler(string topic, byte[] payload, int offset, int count);

    /// <summary>The broker answered publish <paramref name="messageId"/>: <paramref name="delivered"/> false for a refusal.</summary>
    public delegate void WanPublishAckHandler(int messageId, bool delivered);

    /// <summary>The connection to the broker was lost.</summary>
    public delegate void WanDisconnectedHandler();

    /// <summary>A GBCS frame arrived on <c>chub/{EUI}/down</c> (the engine's entry point for WAN commands).</summary>
    public delegate void WanFrameHandler(byte[] frame, int offset, int count);
}

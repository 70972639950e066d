namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// The MQTT client as the hub needs it: MQTTnet in the virtual hub, M2Mqtt on the device. QoS 1 throughout.
    /// Calls are made from the hub's main loop (<see cref="WanLink.Tick"/>); events may be raised on the client's own
    /// threads, even from inside a call.
    /// </summary>
    public interface IWanTransport
    {
        /// <summary>True while connected.</summary>
        bool IsConnected { get; }

        /// <summary>Connects (blocking, bounded by the client's own timeout) with the given identity and last will. True on CONNACK success.</summary>
        bool Connect(WanConnectOptions options);

        /// <summary>Closes the connection (the broker does not send the will for a clean disconnect).</summary>
        void Disconnect();

        /// <summary>Subscribes to <paramref name="topic"/> at QoS 1. True when the request was sent.</summary>
        bool Subscribe(string topic);

        /// <summary>
        /// Publishes at QoS 1 and returns the message id (&gt; 0) reported later by <see cref="PublishCompleted"/>, or a
        /// value &lt;= 0 when it could not be sent. Must not block until the broker acknowledges, and must copy the
        /// payload if it keeps it after returning.
        /// </summary>
        int Publish(string topic, byte[] payload, int offset, int count, bool retain);

        /// <summary>
        /// Sends the acknowledgement (PUBACK) of the received message <paramref name="deliveryId"/> of the current
        /// connection; ignored for 0 and for ids of an earlier connection. Until it is called the broker counts the
        /// message as in flight (against <see cref="WanConnectOptions.ReceiveMaximum"/>) and delivers it again after
        /// a reconnect.
        /// </summary>
        void Acknowledge(int deliveryId);

        /// <summary>
        /// Forgets the received message <paramref name="deliveryId"/> of the current connection WITHOUT acknowledging
        /// it: the link had no room for it and will never acknowledge it on this connection. The broker keeps it in
        /// flight and delivers it again on the next session; the transport must not hold it (nor its payload)
        /// meanwhile. Ignored for 0 and for ids of an earlier connection.
        /// </summary>
        void Release(int deliveryId);

        /// <summary>A message arrived on a subscribed topic; the transport leaves acknowledging it to <see cref="Acknowledge"/>.</summary>
        event WanMessageHandler MessageReceived;

        /// <summary>The broker acknowledged (PUBACK) or refused a publish.</summary>
        event WanPublishAckHandler PublishCompleted;

        /// <summary>The connection dropped.</summary>
        event WanDisconnectedHandler Disconnected;
    }
}

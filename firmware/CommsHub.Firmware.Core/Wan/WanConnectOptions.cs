namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>What <see cref="IWanTransport.Connect"/> needs: client identity, session and last will.</summary>
    public sealed class WanConnectOptions
    {
        /// <summary>MQTT client id (the hub EUI as 16 hex digits, so the broker's ACL can match it).</summary>
        public string ClientId { get; set; }

        /// <summary>User name, or null.</summary>
        public string UserName { get; set; }

        /// <summary>Password, or null.</summary>
        public string Password { get; set; }

        /// <summary>
        /// False (the default) keeps the broker session, so QoS 1 <c>down</c> messages sent while the hub was offline
        /// are delivered after it reconnects.
        /// </summary>
        public bool CleanSession { get; set; }

        /// <summary>Keep-alive interval in seconds (default 60).</summary>
        public int KeepAliveSeconds { get; set; } = 60;

        /// <summary>Last-will topic (<c>chub/{EUI}/status</c>).</summary>
        public string WillTopic { get; set; }

        /// <summary>Last-will payload (the offline status JSON).</summary>
        public byte[] WillPayload { get; set; }

        /// <summary>Retain the last will (true for a status topic).</summary>
        public bool WillRetain { get; set; }

        /// <summary>
        /// MQTT 5 Receive Maximum: most QoS 1 <c>down</c> messages the broker may have in flight to the hub, unacknowledged
        /// (0: not sent, the broker's default). The hub acknowledges a command only once it has taken it, so a broker that
        /// honours this holds the rest while the hub holds back.
        /// </summary>
        public int ReceiveMaximum { get; set; }
    }
}

namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>Identity, timers and limits of a <see cref="WanLink"/>.</summary>
    public sealed class WanLinkOptions
    {
        /// <summary>The hub's EUI-64: topics, client id and status all carry it.</summary>
        public ulong HubEui { get; set; }

        /// <summary>Firmware version reported in the status (free text; JSON-escaped).</summary>
        public string FirmwareVersion { get; set; } = "";

        /// <summary>Broker user name, or null.</summary>
        public string UserName { get; set; }

        /// <summary>Broker password, or null.</summary>
        public string Password { get; set; }

        /// <summary>MQTT keep-alive in seconds (default 60).</summary>
        public int KeepAliveSeconds { get; set; } = 60;

        /// <summary>First reconnect step in milliseconds (default 1000).</summary>
        public int BackoffBaseMs { get; set; } = 1000;

        /// <summary>Largest reconnect delay in milliseconds (default 300000: 5 minutes).</summary>
        public int BackoffMaxMs { get; set; } = 300000;

        /// <summary>Jitter seed; 0 (default) derives one from the EUI so that hubs differ.</summary>
        public uint Seed { get; set; }

        /// <summary>Seconds to wait for the PUBACK of an outbox frame before the link is deemed broken (default 30).</summary>
        public int AckTimeoutSeconds { get; set; } = 30;

        /// <summary>
        /// Largest PUBACK wait (default 300). Each connection the link closes for a missing PUBACK doubles the wait, up
        /// to this, and it returns to <see cref="AckTimeoutSeconds"/> once every frame in flight has been acknowledged:
        /// a broker that is only slow (its consumer behind after a burst, as 2,000 hubs answering at once made the
        /// adapter's embedded broker) is not made slower still by every hub reconnecting and sending its frames again
        /// every 30 s.
        /// </summary>
        public int MaxAckTimeoutSeconds { get; set; } = 300;

        /// <summary>Largest <see cref="Window"/> accepted.</summary>
        public const int MaxWindow = 1024;

        /// <summary>
        /// Outbox frames published and awaiting their PUBACK at once (default 1: a board's M2Mqtt client and memory
        /// budget). More lets a hub answer at the broker's rate instead of one frame per round trip; order is kept
        /// (entries retire oldest first) and a reconnect sends every unacknowledged frame again from the oldest.
        /// </summary>
        public int Window { get; set; } = 1;

        /// <summary>Most outbox frames published per <see cref="WanLink.Tick"/> or <see cref="WanLink.Pump"/> (default 8): keeps a call bounded.</summary>
        public int MaxPublishesPerTick { get; set; } = 8;

        /// <summary>MQTT 5 Receive Maximum the hub asks of the broker: commands in flight to it, unacknowledged (default 16).</summary>
        public int ReceiveMaximum { get; set; } = 16;

        /// <summary>
        /// Commands the link holds, received but not yet taken by the engine (default 32; at least
        /// <see cref="ReceiveMaximum"/>). More only arrive from a broker that ignores the Receive Maximum: those are
        /// left unacknowledged, counted in <see cref="WanLink.DownOverflows"/>, and fetched again by reconnecting once
        /// the inbox has emptied (the broker redelivers what was never acknowledged).
        /// </summary>
        public int InboxCapacity { get; set; } = 32;

        /// <summary>
        /// Longest <c>down</c> frame one preallocated inbox slot holds (default 2048, the HAN bridge's largest frame).
        /// With <see cref="PreallocateInbox"/>, longer frames are acknowledged and dropped, counted in
        /// <see cref="WanLink.DownTooLarge"/>; without it there is no limit.
        /// </summary>
        public int MaxDownFrameLength { get; set; } = 2048;

        /// <summary>
        /// True: every inbox slot (<see cref="InboxCapacity"/> x <see cref="MaxDownFrameLength"/> bytes) is allocated
        /// when the link is made, so receiving never allocates (a board: hardware/README.md, "Receive path: fixed
        /// pools"). False (default): each frame is copied into an array of its own size, released once taken, for hosts
        /// whose inboxes are large (the virtual hub's holds 1,024) and mostly empty.
        /// </summary>
        public bool PreallocateInbox { get; set; }
    }
}

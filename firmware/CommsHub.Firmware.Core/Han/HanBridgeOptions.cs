namespace CommsHub.Firmware.Core.Han
{
    /// <summary>Limits and timers of a <see cref="HanBridge"/>. Every collection it keeps is bounded by one of these.</summary>
    public sealed class HanBridgeOptions
    {
        /// <summary>Seconds an awake device has to answer a forwarded command (default 30).</summary>
        public int ResponseTimeoutSeconds { get; set; } = 30;

        /// <summary>Seconds a sleepy device has to answer once it has fetched a command with GET (default 120).</summary>
        public int SleepyResponseTimeoutSeconds { get; set; } = 120;

        /// <summary>Seconds a command waits in a sleepy device's mailbox before it expires (default 3600).</summary>
        public int MailboxLifetimeSeconds { get; set; } = 3600;

        /// <summary>Messages one mailbox holds (default 4).</summary>
        public int MailboxCapacity { get; set; } = 4;

        /// <summary>Bytes one mailbox holds (default 4096): the frames are copies on the device heap.</summary>
        public int MailboxMaxBytes { get; set; } = 4096;

        /// <summary>Sleepy devices with a mailbox at once (default 4; a hub normally serves one GSME).</summary>
        public int MaxMailboxes { get; set; } = 4;

        /// <summary>Commands awaiting a response at once, all devices (default 32; the oldest is evicted beyond).</summary>
        public int MaxOutstanding { get; set; } = 32;

        /// <summary>Largest GBCS frame forwarded (default 2048): sizes the one transmit buffer.</summary>
        public int MaxFrameLength { get; set; } = 2048;
    }
}

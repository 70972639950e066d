namespace CommsHub.Firmware.Core.Han
{
    /// <summary>Why a forwarded command was given up on (the engine answers or logs it; DCC maps it to E20/E21).</summary>
    public enum HanTimeoutReason
    {
        /// <summary>Sent (or handed to a sleepy device) but no response came within the device's response timeout.</summary>
        NoResponse = 0,
        /// <summary>Queued for a sleepy device that did not poll before the mailbox lifetime ran out.</summary>
        MailboxExpired = 1,
        /// <summary>The device left the HAN or was removed from the device log while the command was outstanding.</summary>
        DeviceGone = 2,
        /// <summary>The table of outstanding commands was full and this, the oldest, was dropped to make room.</summary>
        Evicted = 3,
    }
}

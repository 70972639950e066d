namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>What became of a frame offered to the <see cref="Outbox"/>.</summary>
    public enum OutboxResult
    {
        /// <summary>Committed to flash: it survives a reboot and is delivered at least once.</summary>
        Queued = 0,
        /// <summary>No room (entry count, or unacknowledged data filling the sectors); nothing was written.</summary>
        Full = 1,
        /// <summary>The frame is longer than <see cref="Outbox.MaxFrameLength"/>.</summary>
        TooLarge = 2,
        /// <summary>The flash failed (or power was lost) while writing; the frame is not queued.</summary>
        StorageError = 3,
    }
}

namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>Where the <see cref="WanLink"/> stands.</summary>
    public enum WanLinkState
    {
        /// <summary>Not connected; the next attempt is due at <see cref="WanLink.NextAttempt"/>.</summary>
        Disconnected = 0,
        /// <summary>Connected and subscribed to <c>down</c>; the outbox drains.</summary>
        Connected = 1,
        /// <summary>Stopped by <see cref="WanLink.Stop"/>; Tick does nothing.</summary>
        Stopped = 2,
    }
}

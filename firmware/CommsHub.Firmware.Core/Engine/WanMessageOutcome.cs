namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>What <see cref="HubEngine.HandleWanMessage"/> did with a frame from the WAN.</summary>
    public enum WanMessageOutcome
    {
        /// <summary>A CHF command was authenticated, executed and answered.</summary>
        Executed = 0,
        /// <summary>An authenticated CHF command with a message code the CHF does not support: ECS100 alert sent.</summary>
        NotSupported = 1,
        /// <summary>
        /// A command for a HAN device was passed to the HAN bridge (sent or queued), or is a copy of a command still on
        /// its way there (answered when the first copy is).
        /// </summary>
        Forwarded = 2,
        /// <summary>A command for a HAN device that the HAN cannot reach: failure-to-deliver alert sent.</summary>
        Undeliverable = 3,
        /// <summary>Rejected (malformed, unauthenticated, replayed ...): logged in the security log, nothing changed.</summary>
        Rejected = 4,
        /// <summary>
        /// Not taken: the outbox has no room reserved for what the command would produce. Nothing was read or changed;
        /// the WAN link keeps the frame unacknowledged and offers it again once the outbox has drained.
        /// </summary>
        HeldBack = 5,
    }
}

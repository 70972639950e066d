namespace CommsHub.Firmware.Core.Han
{
    /// <summary>What became of a command the hub tried to pass to a HAN device.</summary>
    public enum HanForwardResult
    {
        /// <summary>Sent over the ZigBee SE Tunnelling cluster.</summary>
        Sent = 0,
        /// <summary>Held in the device's mailbox until it polls (sleepy GSME via the GPF role).</summary>
        Queued = 1,
        /// <summary>The target is not in the CHF Device Log.</summary>
        UnknownDevice = 2,
        /// <summary>The target is in the log but has not joined (or has left).</summary>
        NotJoined = 3,
        /// <summary>The device's mailbox is full.</summary>
        MailboxFull = 4,
        /// <summary>The HAN radio or NCP refused the frame.</summary>
        LinkError = 5,
    }
}

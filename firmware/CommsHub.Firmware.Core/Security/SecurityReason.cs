namespace CommsHub.Firmware.Core.Security
{
    /// <summary>Why a WAN message was rejected (the first detail byte of its security log entry).</summary>
    public enum SecurityReason
    {
        /// <summary>Not a well-formed GBCS frame, or a payload the use case cannot decode.</summary>
        Malformed = 1,
        /// <summary>A command to the CHF without a MAC header.</summary>
        MacMissing = 2,
        /// <summary>The MAC does not verify (tampered, or MAC'd with another key).</summary>
        MacInvalid = 3,
        /// <summary>A critical command without a signature.</summary>
        SignatureMissing = 4,
        /// <summary>The signature does not verify with the originator's DS key.</summary>
        SignatureInvalid = 5,
        /// <summary>The originator counter is not greater than the last accepted one (replay).</summary>
        Replay = 6,
        /// <summary>The originator is in no trust anchor cell, or its cell lacks the key needed.</summary>
        UnknownOriginator = 7,
        /// <summary>No ACB anchor is installed, so no command MAC can be checked.</summary>
        NoAccessControlBroker = 8,
        /// <summary>Not a command (a response or alert sent to the hub).</summary>
        NotACommand = 9,
        /// <summary>
        /// Authentic and fresh, but its counter could not be recorded (the anti-replay table is full of anchored
        /// parties), so running it would let every replay run it again.
        /// </summary>
        CounterNotRecorded = 10,
    }
}

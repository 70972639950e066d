namespace CommsHub.Protocol.UseCases
{
    /// <summary>What a message code is, as the catalogue (<see cref="MessageCodes"/>) records it.</summary>
    public enum MessageKind
    {
        /// <summary>Not known: no RTDS message and nothing in GBCS.md says.</summary>
        Unknown = 0,
        /// <summary>A non-critical command (MAC'd, null signature) and its response.</summary>
        NonCriticalCommand = 1,
        /// <summary>A critical command (signed by the user, then MAC'd) and its signed response.</summary>
        CriticalCommand = 2,
        /// <summary>An alert a device raises.</summary>
        Alert = 3,
    }
}

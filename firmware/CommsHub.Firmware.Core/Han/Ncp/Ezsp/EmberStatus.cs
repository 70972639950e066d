namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>The EmberStatus values the hub acts on (UG100 "EmberStatus").</summary>
    public static class EmberStatus
    {
        /// <summary>Success.</summary>
        public const int Success = 0x00;

        /// <summary>The stack is up on a network (stackStatusHandler).</summary>
        public const int NetworkUp = 0x90;

        /// <summary>The network went down (stackStatusHandler).</summary>
        public const int NetworkDown = 0x91;

        /// <summary>networkInit: no network saved, so the hub forms one.</summary>
        public const int NotJoined = 0x93;
    }
}

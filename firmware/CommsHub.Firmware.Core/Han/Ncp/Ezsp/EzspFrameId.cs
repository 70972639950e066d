namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// The EZSP frame IDs the hub uses (UG100/UG600 "EZSP Reference Guide", EZSP protocol versions 8–13; the IDs
    /// did not change across them except where noted).
    /// </summary>
    public static class EzspFrameId
    {
        /// <summary>version(desiredProtocolVersion) → protocolVersion, stackType, stackVersion.</summary>
        public const int Version = 0x0000;

        /// <summary>networkInit(EmberNetworkInitStruct) → EmberStatus.</summary>
        public const int NetworkInit = 0x0017;

        /// <summary>stackStatusHandler(EmberStatus) callback.</summary>
        public const int StackStatusHandler = 0x0019;

        /// <summary>formNetwork(EmberNetworkParameters) → EmberStatus.</summary>
        public const int FormNetwork = 0x001E;

        /// <summary>permitJoining(duration) → EmberStatus.</summary>
        public const int PermitJoining = 0x0022;

        /// <summary>childJoinHandler(index, joining, childId, childEui64, childType) callback.</summary>
        public const int ChildJoinHandler = 0x0023;

        /// <summary>trustCenterJoinHandler(newNodeId, newNodeEui64, status, policyDecision, parentOfNewNodeId) callback.</summary>
        public const int TrustCenterJoinHandler = 0x0024;

        /// <summary>sendUnicast(type, indexOrDestination, apsFrame, messageTag, messageLength, messageContents) → status, sequence.</summary>
        public const int SendUnicast = 0x0034;

        /// <summary>messageSentHandler callback (the fate of a sendUnicast).</summary>
        public const int MessageSentHandler = 0x003F;

        /// <summary>incomingMessageHandler(type, apsFrame, lastHopLqi, lastHopRssi, sender, bindingIndex, addressIndex, messageLength, messageContents) callback.</summary>
        public const int IncomingMessageHandler = 0x0045;

        /// <summary>invalidCommand(reason): the NCP's answer to a command it refused.</summary>
        public const int InvalidCommand = 0x0058;

        /// <summary>setInitialSecurityState(EmberInitialSecurityState) → EmberStatus.</summary>
        public const int SetInitialSecurityState = 0x0068;

        /// <summary>removeDevice(destShort, destLong, targetLong) → EmberStatus.</summary>
        public const int RemoveDevice = 0x00A8;

        /// <summary>addTransientLinkKey(partner, transientKey) → EmberStatus (EZSP 8–12; gone in 13).</summary>
        public const int AddTransientLinkKey = 0x00AF;

        /// <summary>importTransientKey(eui64, plaintextKey, flags) → sl_status (EZSP 13, replacing addTransientLinkKey).</summary>
        public const int ImportTransientKey = 0x0111;
    }
}

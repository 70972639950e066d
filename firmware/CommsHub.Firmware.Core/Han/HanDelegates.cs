namespace CommsHub.Firmware.Core.Han
{
    /// <summary>A ZigBee SE Tunnelling cluster payload (tunnel header + GBCS message) arrived from <paramref name="source"/>.</summary>
    public delegate void HanPayloadHandler(ulong source, byte[] payload, int offset, int count);

    /// <summary>A device joined the HAN and established <paramref name="tcLinkKey"/> (16 bytes) with the trust centre.</summary>
    public delegate void HanJoinHandler(ulong device, byte[] tcLinkKey);

    /// <summary>Something happened to HAN device <paramref name="device"/> (left, polled, join refused).</summary>
    public delegate void HanDeviceHandler(ulong device);

    /// <summary>A command forwarded to <paramref name="target"/> got no response, or expired before delivery.</summary>
    public delegate void HanTimeoutHandler(ulong target, ulong originatorCounter, HanTimeoutReason reason);
}

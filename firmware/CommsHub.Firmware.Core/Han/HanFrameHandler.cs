namespace CommsHub.Firmware.Core.Han
{
    /// <summary>A GBCS frame (response or alert) arrived from HAN device <paramref name="source"/>.</summary>
    public delegate void HanFrameHandler(ulong source, byte[] frame, int offset, int count);
}

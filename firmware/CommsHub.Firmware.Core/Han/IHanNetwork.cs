namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// The HAN radio as the bridge sees it: a ZigBee SE trust centre and Tunnelling cluster endpoint. Implemented by the
    /// simulated HAN of the virtual hub and by the NCP driver (EZSP over ASH) on a board. Payloads are Tunnelling
    /// cluster TransferData bodies as <see cref="TunnelFrame"/> encodes them. Events may be raised on the radio's
    /// thread; the bridge does not block in them.
    /// </summary>
    public interface IHanNetwork
    {
        /// <summary>
        /// Sends a tunnel payload to <paramref name="destination"/>. True when the radio accepted the frame for
        /// transmission (not an end-to-end delivery proof: the GBCS response is). The payload is copied if needed.
        /// </summary>
        bool Send(ulong destination, byte[] payload, int offset, int count);

        /// <summary>
        /// Arms the trust centre for one whitelisted device: its install-code-derived link key (16 bytes) may be used
        /// to join for the next <paramref name="seconds"/> (the device log's join window; radios clamp, e.g. to 254 s).
        /// </summary>
        void PermitJoin(ulong device, byte[] linkKey, int seconds);

        /// <summary>Asks <paramref name="device"/> to leave and forgets its keys (a refused join, or a device removed from the log).</summary>
        void RemoveDevice(ulong device);

        /// <summary>A tunnel payload arrived from a device.</summary>
        event HanPayloadHandler PayloadReceived;

        /// <summary>A device completed a join or trust-centre rejoin and holds this TC link key.</summary>
        event HanJoinHandler DeviceJoined;

        /// <summary>A device left the network (announced leave, or removed).</summary>
        event HanDeviceHandler DeviceLeft;

        /// <summary>A sleepy end device sent a MAC data request (it is awake now).</summary>
        event HanDeviceHandler DevicePolled;
    }
}

using CommsHub.Firmware.Core.Han;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The HAN while no NCP driver is bound: every send is refused (the bridge then reports the device unreachable as
    /// it would for a radio fault) and nothing ever joins. The EZSP/ASH driver over <see cref="INcpPort"/> replaces it
    /// in the board's Program once it is merged (issue 12, "EZSP/ASH NCP driver").
    /// </summary>
    public sealed class NoRadioHanNetwork : IHanNetwork
    {
        /// <inheritdoc />
        public bool Send(ulong destination, byte[] payload, int offset, int count) { return false; }

        /// <inheritdoc />
        public void PermitJoin(ulong device, byte[] linkKey, int seconds) { }

        /// <inheritdoc />
        public void RemoveDevice(ulong device) { }

#pragma warning disable 67 // never raised: there is no radio
        /// <inheritdoc />
        public event HanPayloadHandler PayloadReceived;

        /// <inheritdoc />
        public event HanJoinHandler DeviceJoined;

        /// <inheritdoc />
        public event HanDeviceHandler DeviceLeft;

        /// <inheritdoc />
        public event HanDeviceHandler DevicePolled;
#pragma warning restore 67
    }
}

using CommsHub.Firmware.Core.Han;

namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The HAN without a radio: every send is refused (the bridge then reports the device unreachable as it would for a
    /// radio fault) and nothing ever joins. Only the explicit fallback of <see cref="HanRadio"/> when no NCP answers
    /// its reset (logged, Fault LED blinking), and a stand-in for tests.
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

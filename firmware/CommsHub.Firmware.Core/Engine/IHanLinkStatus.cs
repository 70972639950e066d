using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// Radio statistics of HAN devices for the CCS05/CCS06 active-devices answer (RSSI, link quality, status bits):
    /// the HAN stack knows them, the device log does not. Optional: without it those fields are 0.
    /// </summary>
    public interface IHanLinkStatus
    {
        /// <summary>
        /// Fills the radio fields of <paramref name="status"/> for <paramref name="eui"/> (everything but the device id and
        /// last communication, which come from the device log). Returns false when nothing is known.
        /// </summary>
        bool Fill(ulong eui, ChfDeviceStatus status);
    }
}

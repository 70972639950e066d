using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>
    /// The two device-log values that GBCS's wire enum <see cref="DeviceType"/> (0..6) lacks. They live here rather
    /// than in that enum so that nothing which lists or parses wire types (the cloud's CLI, its inventory) can meet
    /// them. The numbers are the type byte of a device-log snapshot on flash: never renumber them.
    /// </summary>
    public static class LocalDeviceType
    {
        /// <summary>Hand held terminal: GBCS gives it no wire value and it is never recorded in the device log.</summary>
        public const DeviceType Hht = (DeviceType)7;

        /// <summary>Not known: the type of entries restored by CCS03, whose records carry none.</summary>
        public const DeviceType Unknown = (DeviceType)0xFF;
    }
}

namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>ASH frame types, told apart by the control byte (UG101 §3).</summary>
    public enum AshFrameType
    {
        /// <summary>Control byte not one of the defined types (0xC3..0xFF).</summary>
        Invalid = 0,

        /// <summary>0x00..0x7F: carries an EZSP frame.</summary>
        Data = 1,

        /// <summary>0x80..0x9F: acknowledges DATA frames up to, not including, ackNum.</summary>
        Ack = 2,

        /// <summary>0xA0..0xBF: asks for DATA frames from ackNum to be sent again.</summary>
        Nak = 3,

        /// <summary>0xC0: the host asks the NCP to reset.</summary>
        Rst = 4,

        /// <summary>0xC1: the NCP has reset; data = version, reset code.</summary>
        RstAck = 5,

        /// <summary>0xC2: the NCP failed; data = version, error code.</summary>
        Error = 6,
    }
}

namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>
    /// The bytes ASH reserves on the wire (UG101 §4.2). Inside a frame each is sent as <see cref="Escape"/> followed by
    /// the byte with bit 5 flipped.
    /// </summary>
    public static class AshReservedByte
    {
        /// <summary>Ends a frame.</summary>
        public const byte Flag = 0x7E;

        /// <summary>Precedes a stuffed byte (which has bit 5 flipped).</summary>
        public const byte Escape = 0x7D;

        /// <summary>XON: software flow control, ignored by the frame decoder.</summary>
        public const byte Xon = 0x11;

        /// <summary>XOFF: software flow control, ignored by the frame decoder.</summary>
        public const byte Xoff = 0x13;

        /// <summary>Replaces a byte the UART received with a framing error: the frame in progress is bad.</summary>
        public const byte Substitute = 0x18;

        /// <summary>Cancels the frame in progress (sent before RST).</summary>
        public const byte Cancel = 0x1A;

        /// <summary>Flipped by stuffing.</summary>
        public const byte StuffBit = 0x20;

        /// <summary>True when <paramref name="value"/> must be stuffed inside a frame.</summary>
        public static bool IsReserved(byte value)
        {
            return value == Flag || value == Escape || value == Xon || value == Xoff || value == Substitute || value == Cancel;
        }
    }
}

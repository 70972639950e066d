namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// The byte pipe to the ZigBee NCP (EFR32MG21 with EmberZNet NCP firmware, or CC2652) and its control lines: what
    /// an ASH/EZSP driver needs from a board, and nothing of the driver itself. The board implements it over
    /// System.IO.Ports' <c>SerialPort</c> (RTS/CTS flow control) and two GPIO lines (Board/SerialNcpPort.cs);
    /// <see cref="HanRadio"/> runs the portable driver over it. Reads must not block for long: the hub loop polls.
    /// </summary>
    public interface INcpPort
    {
        /// <summary>Reads up to <paramref name="count"/> received bytes, waiting at most the port's read timeout; returns 0 on timeout.</summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Writes <paramref name="count"/> bytes (blocking while CTS holds them back, up to the write timeout).</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>Drops anything received but not yet read (before an ASH RST).</summary>
        void DiscardInput();

        /// <summary>Holds the NCP's nRESET low for <paramref name="milliseconds"/>, then releases it (hardware reset).</summary>
        void ResetNcp(int milliseconds);

        /// <summary>Pulses nWAKE so a sleeping NCP (EFR32 with EM2 enabled) listens before the next frame.</summary>
        void Wake();
    }
}

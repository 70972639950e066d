namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>Where ASH writes its bytes: the UART to the NCP on a board, an in-memory pipe in tests.</summary>
    public interface IAshTransport
    {
        /// <summary>Writes bytes to the NCP (the buffer may be reused once this returns).</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}

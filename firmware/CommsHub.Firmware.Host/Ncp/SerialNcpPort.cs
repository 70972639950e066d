using System.IO.Ports;

namespace CommsHub.Firmware.Host.Ncp;

/// <summary>Opens the UART to an EZSP NCP: 8N1 at the given baud, no hardware flow control (EmberZNet's UART NCP default).</summary>
public static class SerialNcpPort
{
    /// <summary>Opens <paramref name="portName"/> and returns its stream (disposing it closes the port).</summary>
    /// <exception cref="NcpPortException">the port cannot be opened; the message says which and why.</exception>
    public static Stream Open(string portName, int baud)
    {
        // On Linux System.IO.Ports reports a missing device as "access denied"; say what is really wrong.
        if (!OperatingSystem.IsWindows() && portName.StartsWith('/') && !File.Exists(portName))
            throw new NcpPortException($"cannot open NCP serial port {portName} at {baud} baud: no such device", new FileNotFoundException(portName));
        SerialPort? port = null;
        try
        {
            port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                ReadTimeout = SerialPort.InfiniteTimeout,
                WriteTimeout = 2000,
            };
            port.Open();
            return port.BaseStream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                       or PlatformNotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            port?.Dispose();
            throw new NcpPortException($"cannot open NCP serial port {portName} at {baud} baud: {e.Message}", e);
        }
    }
}

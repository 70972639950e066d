namespace CommsHub.Firmware.Host.Ncp;

/// <summary>The NCP's serial port could not be opened (missing device, no permission, busy, unsupported).</summary>
public sealed class NcpPortException(string message, Exception inner) : Exception(message, inner);

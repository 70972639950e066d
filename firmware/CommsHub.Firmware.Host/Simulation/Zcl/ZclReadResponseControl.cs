namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// The ZCL frame control of the GSME's Read Attributes Responses: server to client (0x08), with "disable default
/// response" (0x10) added in the use cases where RTDS's meter adds it: the consumption register reads GCS13a/b/c and
/// GCS21f Read GSME Tariff Data. Its other reads (GCS14, GCS21a/b/e/j/m, GCS33, GCS38, GCS46, GCS60) carry 0x08.
/// </summary>
public static class ZclReadResponseControl
{
    private const int ServerToClient = 0x08;
    private const int DisableDefaultResponse = 0x10;

    /// <summary>The frame control of a Read Attributes Response in use case <paramref name="messageCode"/>.</summary>
    public static int For(int messageCode) =>
        messageCode is 0x0074 or 0x00B8 or 0x00B6 or 0x009F ? ServerToClient | DisableDefaultResponse : ServerToClient;
}

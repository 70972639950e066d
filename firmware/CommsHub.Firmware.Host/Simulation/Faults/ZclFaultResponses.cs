using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Simulation.Faults;

/// <summary>
/// The ZCL frames of a GBZ component that a <see cref="CommandFault"/> stops: a Default Response with
/// HARDWARE_FAILURE to the failing command, and one with FAILURE to command 0xFF for each component after it, as
/// RTDS's failing GSME answers. (A failing Read or Write Attributes command instead fails one attribute record in its
/// ordinary response: <see cref="GbzCommandServer"/>.)
/// </summary>
public static class ZclFaultResponses
{
    private const int DefaultResponse = 0x0B;
    private const int DeviceManagement = 0x0708, GetEventConfiguration = 0x05;
    private const int DirectionBit = 0x08;

    /// <summary>
    /// Writes the ZCL frame answering the failing command <paramref name="commandId"/> of <paramref name="cluster"/>
    /// (<paramref name="frameControl"/>, sequence). The Default Response travels the other way from the command, except
    /// for Device Management Get Event Configuration (GCS20r): that request for the meter's data reaches it server to
    /// client, and its failure is answered server to client, the direction of the meter's read answers, as RTDS shows.
    /// </summary>
    public static void Failed(int cluster, int frameControl, int sequence, int commandId, ByteWriter body) =>
        Default((cluster, commandId) == (DeviceManagement, GetEventConfiguration) ? 0 : frameControl, sequence, commandId,
            FaultPlan.ZclHardwareFailure, body);

    /// <summary>Writes the ZCL frame answering a command abandoned after the failing one.</summary>
    public static void Abandoned(int frameControl, int sequence, ByteWriter body) =>
        Default(frameControl, sequence, FaultPlan.ZclAbandonedCommandId, FaultPlan.ZclFailure, body);

    /// <summary>
    /// How many attribute records a ZCL Write Attributes payload (<paramref name="b"/> from <paramref name="p"/> to
    /// <paramref name="end"/>) holds: id (2), type (1), value; a record that runs past the end ends the count.
    /// </summary>
    public static int WriteRecordCount(byte[] b, int p, int end)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = 0;
        while (p + 3 <= end)
        {
            int size = ZclTypes.Size(b[p + 2], b, p + 3, end);
            if (size < 0 || p + 3 + size > end) break;
            n++;
            p += 3 + size;
        }
        return n;
    }

    // A response travels the other way from its command: the direction bit flips.
    private static void Default(int frameControl, int sequence, int commandId, int status, ByteWriter body)
    {
        ArgumentNullException.ThrowIfNull(body);
        body.WriteByte((frameControl & DirectionBit) ^ DirectionBit);
        body.WriteByte(sequence);
        body.WriteByte(DefaultResponse);
        body.WriteByte(commandId);
        body.WriteByte(status);
    }
}

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// ZigBee SE 1.4 client commands that the server answers with a cluster-specific response command instead of a
/// Default Response (Prepayment ChangePaymentMode and ConsumerTopUp, Events ClearEventLogRequest), with the
/// response's neutral payload (zero fields of the sizes SE 1.4 defines).
/// </summary>
public static class ZclCommandResponses
{
    private const int Prepayment = 0x0705, Events = 0x0709;
    private const int ServerToClientSpecific = 0x09;
    private const int DisableDefaultResponse = 0x10;

    /// <summary>
    /// The response to cluster-specific client command <paramref name="commandId"/> of <paramref name="cluster"/>:
    /// its frame control, command id and payload, or null when the command gets a Default Response.
    /// </summary>
    public static (int FrameControl, int CommandId, byte[] Payload)? For(int cluster, int commandId) => (cluster, commandId) switch
    {
        // ChangePaymentModeResponse: friendly credit (bitmap8), friendly credit calendar id, emergency credit
        // limit and threshold (uint32 each). GBCS sends it with default responses disabled.
        (Prepayment, 0x06) => (ServerToClientSpecific | DisableDefaultResponse, 0x02, new byte[13]),
        // ConsumerTopUpResponse: result type (enum8, 0 accepted), top-up value (int32), source (enum8), credit remaining (int32).
        (Prepayment, 0x04) => (ServerToClientSpecific, 0x03, new byte[10]),
        // ClearEventLogResponse: cleared event logs (bitmap8).
        (Events, 0x01) => (ServerToClientSpecific, 0x02, new byte[1]),
        _ => null,
    };
}

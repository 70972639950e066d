namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// The Price and Calendar cluster commands that set or read the GSME's tariff (<see cref="ZclTariff"/>) and calendars
/// (<see cref="ZclCalendars"/>). The Publish commands a supplier sends (GCS01a/b, GCS05) are kept and answered with a
/// SUCCESS Default Response; the Get commands (GCS21b, GCS21f) are answered with what is held: one Publish command per
/// held day or week profile, so one Get may be answered by several GBZ components, as RTDS's meter answers them. They
/// travel server to client with default responses disabled (frame control 0x19), as RTDS shows.
/// </summary>
public static class ZclTariffCommands
{
    /// <summary>ZCL frame control of the Publish answers: cluster specific, server to client, default response disabled.</summary>
    public const int PublishFrameControl = 0x19;

    private const int Price = 0x0700, Calendar = 0x0707;

    /// <summary>
    /// Keeps server-to-client command <paramref name="commandId"/> of <paramref name="cluster"/> (payload
    /// <c>b[p..end)</c>) when it is a tariff or calendar Publish; false for any other command.
    /// </summary>
    /// <exception cref="Protocol.Encoding.GbcsFormatException">the payload is cut short.</exception>
    public static bool Keep(ZclAttributeStore store, int cluster, int commandId, byte[] b, int p, int end)
    {
        ArgumentNullException.ThrowIfNull(store);
        uint now = ZclEventLog.ToZclTime(store.Clock());
        return cluster switch
        {
            Calendar => store.Calendars.Publish(commandId, b, p, end, now),
            Price => store.Tariff.Publish(commandId, b, p, end, now),
            _ => false,
        };
    }

    /// <summary>
    /// The Publish commands (command id, payload) answering client command <paramref name="commandId"/> of
    /// <paramref name="cluster"/> (payload <c>b[p..end)</c>); null when it is not a tariff or calendar Get or nothing
    /// held matches (then it is NOT_FOUND, <see cref="ZclLogRetrieval"/>).
    /// </summary>
    /// <exception cref="Protocol.Encoding.GbcsFormatException">the request is cut short.</exception>
    public static IReadOnlyList<(int CommandId, byte[] Payload)>? Answer(ZclAttributeStore store, int cluster, int commandId, byte[] b, int p, int end)
    {
        ArgumentNullException.ThrowIfNull(store);
        uint now = ZclEventLog.ToZclTime(store.Clock());
        return cluster switch
        {
            Calendar => store.Calendars.Get(commandId, b, p, end, now),
            Price when store.Tariff.Get(commandId, now) is { } price => [price],
            _ => null,
        };
    }
}

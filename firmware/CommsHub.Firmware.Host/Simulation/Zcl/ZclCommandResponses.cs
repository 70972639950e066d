using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Host.Simulation.Zcl;

/// <summary>
/// ZigBee SE 1.4 commands that the GSME answers with a cluster-specific response command instead of a Default
/// Response, the response built from the command and the meter's state (<see cref="ZclAttributeStore"/>):
/// Prepayment ChangePaymentMode (GCS02/03: the mode is kept and snapshotted) and ConsumerTopUp, Events ClearEventLogRequest and GetEventLog (CS11, CS10a/b: the held event logs), Metering ChangeSupply (GCS32, GCS39:
/// the supply state is kept), StartSampling (GCS31: a new sample id and session), GetSampledData (GCS17/18: the samples taken),
/// Metering GetSnapshot and Prepayment GetPrepaySnapshot (GCS16a/b: the daily read logs), Price GetBillingPeriod (GCS21d/k: the held
/// billing period) and Device Management GetEventConfiguration (GCS20r: the held event configuration).
/// </summary>
public static class ZclCommandResponses
{
    private const int Price = 0x0700, Metering = 0x0702, Prepayment = 0x0705, DeviceManagement = 0x0708, Events = 0x0709;
    private const int ServerToClientSpecific = 0x09;
    private const int ClientToServerSpecific = 0x01;
    private const int DisableDefaultResponse = 0x10;
    private const int SupplyStatusAttribute = 0x0014;
    private const int PaymentControlConfigurationAttribute = 0x0000;
    private const int ZclBitmap16 = 0x19;
    private const int ZclEnum8 = 0x30;
    // ChangeSupply payload: provider id (4), issuer event id (4), request time (4), implementation time (4),
    // proposed supply status (1), supply control bits (1).
    private const int ChangeSupplyLength = 18;

    /// <summary>
    /// The response to cluster-specific command <paramref name="commandId"/> of <paramref name="cluster"/> whose
    /// payload is <c>b[p..end)</c>, sent client to server when <paramref name="toServer"/> (else server to client, as
    /// Device Management's GetEventConfiguration travels): its frame control, command id and payload; null when the
    /// command gets a Default Response.
    /// </summary>
    public static (int FrameControl, int CommandId, byte[] Payload)? For(ZclAttributeStore store, int cluster, int commandId,
        bool toServer, byte[] b, int p, int end)
    {
        if (!toServer)
            return (cluster, commandId) == (DeviceManagement, 0x05) ? (ClientToServerSpecific, 0x04, EventConfiguration(store)) : null;
        return (cluster, commandId) switch
        {
            // ChangePaymentModeResponse: friendly credit (bitmap8), friendly credit calendar id, emergency credit
            // limit and threshold (uint32 each). GBCS sends it with default responses disabled.
            (Prepayment, 0x06) => (ServerToClientSpecific | DisableDefaultResponse, 0x02, ChangePaymentMode(store, b, p, end)),
            // ConsumerTopUpResponse: result type (enum8, 0 accepted), top-up value (int32), source (enum8), credit remaining (int32).
            // The virtual meter does not decode UTRNs, so it credits (and logs) a value of 0.
            (Prepayment, 0x04) => (ServerToClientSpecific, 0x03, TopUp(store, b, p, end)),
            // PublishTopUpLog from the top-ups the meter applied; none: NOT_FOUND (ZclLogRetrieval).
            (Prepayment, 0x08) when store.TopUps.Publish(b, p, end) is { } topUps => (ServerToClientSpecific | DisableDefaultResponse, 0x05, topUps),
            // ClearEventLogResponse: cleared event logs (bitmap8).
            (Events, 0x01) when end > p => (ServerToClientSpecific, 0x02, [(byte)store.EventLog.Clear(b[p] & 0x0F)]),
            // PublishEventLog from the meter's event logs; nothing in the window: NOT_FOUND (ZclLogRetrieval).
            (Events, 0x00) when store.EventLog.Publish(b, p, end) is { } log => (ServerToClientSpecific | DisableDefaultResponse, 0x01, log),
            (Metering, 0x0B) when end - p >= ChangeSupplyLength => (ServerToClientSpecific, 0x0C, ChangeSupply(store, b, p)),
            // StartSamplingResponse: the sample id (uint16) the samples will be read back by.
            (Metering, 0x07) => (ServerToClientSpecific, 0x0D, UInt16(StartSampling(store, b, p, end))),
            // GetSampledDataResponse from the samples the meter took; none at or after the earliest time: NOT_FOUND.
            (Metering, 0x08) when store.Sampling.Get(b, p, end) is { } samples => (ServerToClientSpecific | DisableDefaultResponse, 0x07, samples),
            // PublishSnapshot / PublishPrepaySnapshot from the daily read logs (GCS16a/b); none in the window: NOT_FOUND.
            (Metering, 0x06) when store.Snapshots.Publish(b, p, end, false) is { } snapshot => (ServerToClientSpecific | DisableDefaultResponse, 0x06, snapshot),
            (Prepayment, 0x07) when store.Snapshots.Publish(b, p, end, true) is { } snapshot => (ServerToClientSpecific | DisableDefaultResponse, 0x01, snapshot),
            // PublishBillingPeriod: provider id, issuer event id, start time (4 each), duration (uint24), duration type, tariff type.
            (Price, 0x0B) => (ServerToClientSpecific, 0x09, (byte[])store.BillingPeriod.Clone()),
            _ => null,
        };
    }

    // ChangePaymentMode: provider id, issuer event id, implementation time (4 each), proposed payment control
    // configuration (bitmap16), cut-off value (int32). The configuration becomes the meter's and the change is
    // snapshotted (Change of Mode) in its billing data log; the response reports no friendly credit or emergency credit.
    private static byte[] ChangePaymentMode(ZclAttributeStore store, byte[] b, int p, int end)
    {
        if (end - p >= 14) store.Write(Prepayment, PaymentControlConfigurationAttribute, new ZclValue(ZclBitmap16, [b[p + 12], b[p + 13]]));
        store.Snapshots.Capture(ZclEventLog.ToZclTime(store.Clock()), ZclSnapshots.ChangeOfMode, store);
        return new byte[13];
    }

    // ConsumerTopUp: originating device (enum8), top-up code (octet string). The code goes in the top-up log.
    private static byte[] TopUp(ZclAttributeStore store, byte[] b, int p, int end)
    {
        if (end - p >= 2 && p + 2 + b[p + 1] <= end) store.TopUps.Record(b[(p + 1)..(p + 2 + b[p + 1])], 0, store.Clock());
        return new byte[10];
    }

    // StartSampling: issuer event id (4), start time (4), sample type (1), interval (uint16), max samples (uint16). A
    // session the meter then samples as its clock runs (ZclSampling); a short payload only gets an id.
    private static int StartSampling(ZclAttributeStore store, byte[] b, int p, int end)
    {
        int id = store.NextSampleId();
        if (end - p >= 13)
            store.Sampling.Start(id, (uint)(b[p + 4] | b[p + 5] << 8 | b[p + 6] << 16 | b[p + 7] << 24),
                b[p + 9] | b[p + 10] << 8, b[p + 11] | b[p + 12] << 8);
        return id;
    }

    // The proposed supply status becomes the meter's (Metering Supply Status); the SupplyStatusResponse echoes the
    // provider, the issuer event id and the implementation time and reports the state now held.
    private static byte[] ChangeSupply(ZclAttributeStore store, byte[] b, int p)
    {
        int proposed = b[p + 16];
        store.Write(Metering, SupplyStatusAttribute, new ZclValue(ZclEnum8, [(byte)proposed]));
        var w = new ByteWriter(13);
        w.WriteBytes(b, p, 8);
        w.WriteBytes(b, p + 12, 4);
        w.WriteByte(store.Read(Metering, SupplyStatusAttribute)!.Value[0]);
        return w.ToArray();
    }

    // ReportEventConfiguration: command index, total commands, then (event id uint16, configuration bitmap8) pairs.
    private static byte[] EventConfiguration(ZclAttributeStore store)
    {
        var w = new ByteWriter(2 + 3 * store.EventConfiguration.Count);
        w.WriteByte(0);
        w.WriteByte(1);
        foreach (var (id, config) in store.EventConfiguration)
        {
            w.WriteByte(id & 0xFF);
            w.WriteByte(id >> 8);
            w.WriteByte(config);
        }
        return w.ToArray();
    }

    private static byte[] UInt16(int v) => [(byte)(v & 0xFF), (byte)(v >> 8)];
}

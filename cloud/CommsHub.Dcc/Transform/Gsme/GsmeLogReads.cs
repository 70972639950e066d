using System.Xml;
using static CommsHub.Dcc.Transforms.Gsme.GsmeUseCase;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// GSME log and profile reads over a DUIS ReadLogPeriod: snapshot reads (Metering Get Snapshot, Prepayment Get Prepay
/// Snapshot) repeated for each snapshot offset GBCS asks for, the Prepayment logs (debt repayment, top-up) with the
/// period start as GBZ from date-time, Metering Get Sampled Data of the profile with the sample count the period spans,
/// and of the whole gas network data log.
/// </summary>
internal static class GsmeLogReads
{
    private const byte GetSnapshot = 0x06, GetPrepaySnapshot = 0x07, GetSampledData = 0x08, GetTopUpLog = 0x08, GetDebtRepaymentLog = 0x0A;

    /// <summary>Snapshot causes (ZigBee SE bitmap): general (daily), billing period (calendar), change of tariff/mode.</summary>
    private const uint CauseGeneral = 0x00000001, CauseBillingPeriod = 0x00000002, CauseChangeOfTariffOrMode = 0x00006008;

    /// <summary>Sample id of the consumption profile (half-hourly).</summary>
    private const int ProfileSample = 0;

    public static IEnumerable<IUseCaseTransform> All =>
    [
        // Billing data logs: the last 12 snapshots of each cluster.
        Gbz("4.4.2", "GCS15b", 0x00C3, "RetrieveCoMOrTariffTriggeredBillingDataLog", r =>
            [.. Snapshots(r.Body, ZclCluster.Prepayment, GetPrepaySnapshot, 12, CauseChangeOfTariffOrMode),
             .. Snapshots(r.Body, ZclCluster.Metering, GetSnapshot, 12, CauseChangeOfTariffOrMode)]),
        Gbz("4.4.3", "GCS15c", 0x0076, "RetrieveBillingCalendarTriggeredBillingDataLog", r =>
            [.. Snapshots(r.Body, ZclCluster.Metering, GetSnapshot, 12, CauseBillingPeriod),
             .. Snapshots(r.Body, ZclCluster.Prepayment, GetPrepaySnapshot, 12, CauseBillingPeriod)]),
        // Daily read logs: 31 days.
        Gbz("4.6.1", "GCS16a", 0x0077, "RetrieveImportDailyReadLog", r => Snapshots(r.Body, ZclCluster.Metering, GetSnapshot, 31, CauseGeneral)),
        // The Unknown Remote Party form goes to the GPF's copy of the GSME's log (RTDS), ACB-originated with the user's certificate.
        new UnknownRemotePartyRead(Gbz("4.14", "GCS16b", 0x0096, "ReadPrepaymentDailyReadLog",
            r => Snapshots(r.Body, ZclCluster.Prepayment, GetPrepaySnapshot, 31, CauseGeneral), GsmeOrGpf)),
        // Debt repayment log: the last 10 payment-based debt (type 2) payments. RTDS's SUCCESS command is ACB-originated
        // (its ERROR and NOT_FOUND commands are user-originated); the DCC form of the SUCCESS case is followed here.
        Gbz("4.4.4", "GCS15d", 0x00C4, "RetrieveBillingDataLogDebtPayments", r =>
        {
            var (start, end) = GsmeValues.LogPeriod(r.Body);
            return [new GbzCommand(ZclCluster.Prepayment, ZclFrame.ClientToServer, GetDebtRepaymentLog,
                new ZclWriter().U32(GsmeValues.EndTime(end)).U8(10).U8(2).ToArray(), GbcsTime.SecondsSince2000(start))];
        }, origin: CommandOrigin.AccessControlBroker),
        // Top-up log: the last 5 top-ups.
        Gbz("4.4.5", "GCS15e", 0x00C5, "RetrieveBillingDataLogPrepaymentCredits", r =>
        {
            var (start, end) = GsmeValues.LogPeriod(r.Body);
            return [new GbzCommand(ZclCluster.Prepayment, ZclFrame.ClientToServer, GetTopUpLog,
                new ZclWriter().U32(GsmeValues.EndTime(end)).U8(5).ToArray(), GbcsTime.SecondsSince2000(start))];
        }),
        Gbz("4.8.1", "GCS17", 0x0078, "ReadActiveImportProfileData", r => SampledData(r.Body, ProfileSample, TimeSpan.FromMinutes(30))),
        Gbz("4.10", "GCS18", 0x0079, "ReadNetworkData", r => WholeNetworkDataLog(r.Body)),
    ];

    /// <summary>
    /// GCS18: Get Sampled Data of the whole gas network data log, from its first sample, as many samples as GCS31 lets it
    /// hold. The log never spans more than four hours, so the command does not carry the period: every RTDS GCS18 command
    /// asks this (SUCCESS, ERROR and NOT_FOUND alike, where GCS17's and GCS61's NOT_FOUND commands move their dates).
    /// The period is still read, so a malformed one is an invalid body.
    /// </summary>
    private static GbzCommand[] WholeNetworkDataLog(XmlElement body)
    {
        GsmeValues.LogPeriod(body);
        return [GbzCommand.ToServer(ZclCluster.Metering, GetSampledData, new ZclWriter().U16(GasNetworkDataLog.SampleId)
            .U32(GasNetworkDataLog.FromFirstSample).U8(0).U16(GasNetworkDataLog.Samples))];
    }

    /// <summary>Get (Prepay) Snapshot for offsets 0..count-1: earliest start, latest end, offset, cause.</summary>
    private static GbzCommand[] Snapshots(XmlElement body, int cluster, byte command, int count, uint cause)
    {
        var (start, end) = GsmeValues.LogPeriod(body);
        var commands = new GbzCommand[count];
        for (var i = 0; i < count; i++)
            commands[i] = GbzCommand.ToServer(cluster, command, new ZclWriter().Time(start).U32(GsmeValues.EndTime(end)).U8(i).U32(cause));
        return commands;
    }

    /// <summary>Get Sampled Data: sample id, earliest sample time (the period start), type 0, samples the period spans (both ends included).</summary>
    internal static GbzCommand[] SampledData(XmlElement body, int sampleId, TimeSpan interval)
    {
        var (start, end) = GsmeValues.LogPeriod(body);
        var samples = (long)((end - start) / interval) + 1;
        if (samples > ushort.MaxValue) throw DuisBody.Invalid($"sr:ReadLogPeriod spans {samples} samples, more than a ZCL Get Sampled Data asks for");
        return [GbzCommand.ToServer(ZclCluster.Metering, GetSampledData, new ZclWriter().U16(sampleId).Time(start).U8(0).U16((int)samples))];
    }
}

using static CommsHub.Dcc.Transforms.Gsme.GsmeUseCase;

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// 4.17 Retrieve Daily Consumption Log on the GPF -> GCS61: Metering Get Sampled Data of the daily consumption samples
/// (sample id 1), from the period start, one sample a day with both ends included. With sr:KAPublicSecurityCredentials
/// (an Unknown Remote Party) it is ACB-originated with the user's KA certificate (<see cref="UnknownRemotePartyRead"/>);
/// without, the user originates it (RTDS's NOT_FOUND command).
/// </summary>
internal static class Gcs61ReadGpfDailyConsumptionLogTransform
{
    private const int DailyConsumptionSample = 1;

    /// <summary>The transform.</summary>
    public static IUseCaseTransform Create() => new UnknownRemotePartyRead(Gbz("4.17", "GCS61", 0x00A0, "RetrieveDailyConsumptionLog",
        r => GsmeLogReads.SampledData(r.Body, DailyConsumptionSample, TimeSpan.FromDays(1)), GpfOnly));
}

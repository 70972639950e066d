using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Firmware.Host.Tests.Support;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// The GPF's mirror keeps a daily consumption log (GCS61: sample id 1) as its clock runs, one sample per midnight,
/// and a StartSampling session never takes the log's id.
/// </summary>
public class VirtualGpfDailyConsumptionLogTests
{
    // RTDS's GCS61: Get Sampled Data of sample id 1 from 2014-12-22 00:00, type 0, 731 samples.
    private const string GetDailyLog = "01" + "0702" + "000C" + "01" + "00" + "08" + "0100" + "801B2A1C" + "00" + "DB02";

    [Fact]
    public void Each_midnight_the_clock_passes_logs_the_days_consumption()
    {
        var gpf = TestMeters.Gpf();
        for (var at = TestMeters.RtdsLogDay.AddHours(-26); at <= TestMeters.RtdsLogDay.AddHours(2); at = at.AddHours(1))
        {
            gpf.ConsumptionRegister += 10;
            gpf.Tick(at);
        }

        var answer = Convert.ToHexString(GbzCommandServer.Answer(gpf.Attributes, VirtualGsmeStateTests.Gbz(0x00A0, GetDailyLog))!);

        // GetSampledDataResponse (fc 19, cmd 07): id 1, first sample 2014-12-30 00:00, type 0, interval 0xFFFF (a day
        // does not fit the uint16), 2 samples: 20 since the clock started at 22:00, then the 24 hours to 12-31 (240).
        Assert.Equal("19" + "00" + "07" + "0100" + "80A7341C" + "00" + "FFFF" + "0200" + "140000" + "F00000", answer[16..]);
    }

    [Fact]
    public void A_sampling_session_gets_an_id_past_the_daily_log()
    {
        var gpf = TestMeters.Gpf();

        Assert.True(gpf.Attributes.Sampling.IsLog(1));
        Assert.Equal(2, gpf.Attributes.NextSampleId());
        Assert.False(TestMeters.Gsme().Attributes.Sampling.IsLog(1));
    }
}

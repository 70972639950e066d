using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Firmware.Host.Tests.Support;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// The GSME samples its consumption as its clock runs (GCS17 half-hourly profile, GCS31 sessions) and answers Get
/// Sampled Data from the samples, encrypted in the use cases that encrypt consumption; nothing sampled: NOT_FOUND.
/// </summary>
public class VirtualGsmeSamplingTests
{
    // Get Sampled Data of the profile (sample id 0) from 2014-12-31 00:00, type 0, 2 samples.
    private static readonly string GetProfile = "01" + "0702" + "000C" + "01" + "00" + "08" + "0000" + "00F9351C" + "00" + "0200";

    [Fact]
    public void The_profile_holds_the_consumption_of_each_half_hour_the_clock_ran_through()
    {
        var store = GsmeAttributeSeed.New();
        ulong register = 100;
        for (var at = TestMeters.RtdsLogDay.AddMinutes(-10); at <= TestMeters.RtdsLogDay.AddHours(1); at = at.AddMinutes(10))
            store.Sampling.Tick(at, register += 5);

        var answer = GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0078, GetProfile))!;

        // GetSampledDataResponse (fc 19, cmd 07): id 0, first sample 00:00, type 0, interval 1800 s, 2 samples: the
        // register rose 5 in the one tick before 00:00 sampled since the start, then 15 in the next half hour (three ticks).
        Assert.Equal("01" + "0702" + "0014" + "19" + "00" + "07" + "0000" + "00F9351C" + "00" + "0807" + "0200" + "050000" + "0F0000",
            Convert.ToHexString(answer)[6..]);
    }

    [Fact]
    public void Sampled_data_travels_encrypted_where_the_use_case_encrypts_and_an_empty_log_is_not_found()
    {
        var store = GsmeAttributeSeed.New();
        var empty = GbzCommandServer.Answer(GsmeAttributeSeed.New(), VirtualGsmeStateTests.Gbz(0x0078, GetProfile))!;
        store.Sampling.Tick(TestMeters.RtdsLogDay.AddMinutes(-1), 0);
        store.Sampling.Tick(TestMeters.RtdsLogDay.AddMinutes(31), 9);

        var answer = GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0078, GetProfile), (plain, _) => [0xEE, .. plain])!;

        Assert.Equal("08" + "00" + "0B" + "08" + "8B", Convert.ToHexString(empty)[16..]);
        // Control 03 (last, encrypted), additional header 00 00, ZCL header in clear, ciphered length, protected payload.
        Assert.Equal("03" + "0702", Convert.ToHexString(answer)[6..12]);
        Assert.Equal("0000" + "19" + "00" + "07" + "0012" + "EE" + "0000" + "00F9351C", Convert.ToHexString(answer)[16..44]);
    }

    [Fact]
    public void Sessions_beyond_the_meters_slots_take_the_oldest_ones_place_so_no_sender_grows_the_meter_without_bound()
    {
        var sampling = GsmeAttributeSeed.New().Sampling;
        // A faulty or rogue sender starts session after session, each sampling every second up to 65535 samples.
        const int Started = ZclSampling.MaxSessions + 3;
        for (int id = 1; id <= Started; id++) sampling.Start(id, 0, 1, 0xFFFF);
        sampling.Tick(TestMeters.RtdsLogDay, 0);
        sampling.Tick(TestMeters.RtdsLogDay.AddSeconds(10), 50);

        // The newest MaxSessions are sampled; the oldest gave up their slots and read back nothing.
        Assert.Equal(Enumerable.Range(1, Started).Select(id => id > Started - ZclSampling.MaxSessions),
            Enumerable.Range(1, Started).Select(id => sampling.Samples(id).Count > 0));
        Assert.True(sampling.IsLog(ZclSampling.ProfileId)); // the logs the meter keeps take no session's slot
    }
}

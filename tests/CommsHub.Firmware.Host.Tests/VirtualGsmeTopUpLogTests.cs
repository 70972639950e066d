using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Firmware.Host.Tests.Support;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>A top-up the GSME applies (CS01b) goes in its top-up log, which Get Top Up Log (GCS15e) publishes newest first.</summary>
public class VirtualGsmeTopUpLogTests
{
    // Get Top Up Log: latest end time 0xFFFFFFFE, 5 records.
    private const string GetTopUpLog = "01" + "0705" + "0008" + "01" + "00" + "08" + "FEFFFFFF" + "05";

    [Fact]
    public void Applied_top_ups_are_published_newest_first_and_none_is_not_found()
    {
        var store = GsmeAttributeSeed.New();
        var empty = GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x00C5, GetTopUpLog))!;
        foreach (var (code, hour) in new[] { ("01", 1), ("02", 2) })
        {
            store.Clock = () => TestMeters.RtdsLogDay.AddHours(hour);
            GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0097, "01" + "0705" + "0006" + "01" + "00" + "04" + "00" + "01" + code));
        }

        var log = GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x00C5, GetTopUpLog))!;

        Assert.Equal("08" + "00" + "0B" + "08" + "8B", Convert.ToHexString(empty)[16..]);
        // PublishTopUpLog (fc 19, cmd 05): command 0 of 1, then code, amount 0, time: 02:00 first, 01:00 second.
        Assert.Equal("19" + "00" + "05" + "00" + "01" + "0102" + "00000000" + "2015361C" + "0101" + "00000000" + "1007361C",
            Convert.ToHexString(log)[16..]);
    }
}

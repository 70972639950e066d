using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// The GSME keeps the tariff and calendars its supplier publishes (GCS01a, GCS05) and answers the tariff and prepayment
/// configuration reads (GCS21f, GCS21b) from them: one Publish per held day and week profile, the seasons, the special
/// days and the current price; NOT_FOUND for what it does not hold.
/// </summary>
public class VirtualGsmeTariffCalendarTests
{
    private const string Gcs01aTou = "1.1.1_GCS01a/GCS01a_1.1.1_IMMEDIATE_TOU_SUCCESS_COMMAND_GBCS.HEX";
    private const string Gcs21f = "4.11.1_GCS21f/GCS21f_4.11.1_SUCCESS_COMMAND_GBCS.HEX";
    private const int Price = 0x0700, Calendar = 0x0707;

    [SharedDataFact]
    public void Gcs21f_reads_back_the_tariff_and_calendar_gcs01a_set()
    {
        var store = GsmeAttributeSeed.New();
        var set = Run(store, Gcs01aTou);

        var read = Components(Run(store, Gcs21f));

        Assert.All(Components(set), c => Assert.Equal(0x0B, c.Command)); // each publish acknowledged
        Assert.Equal([Price, Calendar, Calendar, Calendar, Calendar, Calendar, Calendar, Calendar, Calendar, Price], read.Select(c => c.Cluster));
        // The Read Attributes Response (fc 18, as RTDS's GCS21f): Tier 1 Block 1 Price and the standing charge are GCS01a's.
        Assert.Equal(0x18, read[0].FrameControl);
        Assert.Contains("1004" + "00" + "23" + "80250000", Convert.ToHexString(read[0].Payload));
        Assert.Contains("0103" + "00" + "23" + "C1570000", Convert.ToHexString(read[0].Payload));
        // Four day profiles, two week profiles, the seasons and the special days: the publishes GCS01a sent, as sent.
        var sent = Components(Rtds.Message(Gcs01aTou), command: true).Where(c => c.Cluster == Calendar && c.Command != 0x00).ToList();
        Assert.Equal(sent.Select(c => (c.Command, Convert.ToHexString(c.Payload))),
            read.Skip(1).Take(8).Select(c => (c.Command, Convert.ToHexString(c.Payload))));
        Assert.All(read.Skip(1), c => Assert.Equal(ZclTariffCommands.PublishFrameControl, c.FrameControl));
        // Publish Price: TOU tier 1 of 4, price trailing digit 5, Tier 1 Block 1 Price 9600, last component.
        var price = read[^1];
        Assert.Equal((0x00, 0x01), (price.Command, price.Control));
        Assert.Equal("51" + "41", Convert.ToHexString(price.Payload[16..18]));
        Assert.Equal("80250000", Convert.ToHexString(price.Payload[^4..]));
    }

    [SharedDataFact]
    public void A_meter_without_tariff_or_calendar_answers_gcs21f_not_found()
    {
        var read = Components(Run(GsmeAttributeSeed.New(), Gcs21f));

        Assert.Equal(["0B01" + "8B", "0B02" + "8B", "0B03" + "8B", "0B04" + "8B", "0B00" + "8B"],
            read.Skip(1).Select(c => c.Command.ToString("X2") + Convert.ToHexString(c.Payload)));
    }

    [SharedDataFact]
    public void A_future_dated_tariff_is_not_read_before_its_start()
    {
        var store = GsmeAttributeSeed.New();
        store.Clock = () => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc); // RTDS's future-dated start is 2030-01-15
        Run(store, "1.1.1_GCS01a/GCS01a_1.1.1_FUTURE_DATED_BLOCK_SUCCESS_COMMAND_GBCS.HEX");

        var read = Components(Run(store, Gcs21f));

        Assert.All(read.Skip(1), c => Assert.Equal(0x0B, c.Command));
    }

    [SharedDataFact]
    public void Gcs21b_reads_back_the_friendly_credit_calendar_gcs05_set()
    {
        var store = GsmeAttributeSeed.New();
        Run(store, "2.1_GCS05/GCS05_2.1_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX");

        var read = Components(Run(store, "4.13_GCS21b/GCS21b_4.13_SUCCESS_COMMAND_GBCS.HEX"));

        // GCS05 published three day profiles, two week profiles, two seasons and four special days.
        Assert.Equal([0x01, 0x01, 0x01, 0x01, 0x01, 0x02, 0x02, 0x03, 0x04],
            read.Select(c => c.Command));
        Assert.Equal(0x03, read[^1].Payload[16]); // Publish Special Days of the friendly credit calendar
        Assert.Equal(0x01, read[^1].Control);
    }

    [SharedDataFact]
    public void Under_a_fault_the_gets_before_the_failing_one_still_publish()
    {
        var store = GsmeAttributeSeed.New();
        Run(store, Gcs01aTou);

        var read = Components(GbzCommandServer.Answer(store, Parse(Gcs21f), new CommandFault())!);

        // Get Special Days (second-to-last step) fails, Get Current Price is abandoned; the profiles and seasons publish.
        Assert.Equal([0x01, 0x01, 0x01, 0x01, 0x01, 0x02, 0x02, 0x03, 0x0B, 0x0B], read.Select(c => c.Command));
        Assert.Equal("04C0", Convert.ToHexString(read[^2].Payload));
        Assert.Equal("FF01", Convert.ToHexString(read[^1].Payload));
    }

    private static GbcsMessage Parse(string file) => GbcsFrameParser.Parse(Rtds.Message(file));

    private static byte[] Run(ZclAttributeStore store, string file) => GbzCommandServer.Answer(store, Parse(file))!;

    // The GBZ components of a response payload (or, command: of an RTDS command message): control, cluster, ZCL frame
    // control, command id and ZCL payload.
    private static List<(int Control, int Cluster, int FrameControl, int Command, byte[] Payload)> Components(byte[] gbz, bool command = false)
    {
        int offset = 0, count = gbz.Length;
        if (command)
        {
            var m = GbcsFrameParser.Parse(gbz);
            (offset, count) = (m.ContentOffset, m.ContentLength);
        }
        var r = new ByteReader(gbz, offset, count);
        r.Skip(2, "profile");
        int n = r.ReadByte("count");
        var list = new List<(int, int, int, int, byte[])>();
        for (int i = 0; i < n; i++)
        {
            int control = r.ReadByte("control");
            int cluster = r.ReadUInt16("cluster");
            int length = r.ReadUInt16("length");
            int p = r.Position;
            r.Skip(length, "component");
            list.Add((control, cluster, gbz[p], gbz[p + 2], gbz[(p + 3)..(p + length)]));
        }
        return list;
    }
}

using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// The GSME's event logs hold what happened on it (CS10a/CS10b): executed commands in the General Event Log, dropped
/// tampered commands in the Security Event Log, published by Get Event Log within the asked window, NOT_FOUND outside
/// it; CS11 clears the General log only.
/// </summary>
public class VirtualGsmeEventLogTests
{
    // Get Event Log: control/log id, event id 0, start 2014-12-31 00:00, end 2015-01-01 00:00, all events, offset 0.
    private static string GetEventLog(string logId, string start = "00F9351C") =>
        "01" + "0709" + "0011" + "01" + "00" + "00" + logId + "0000" + start + "804A371C" + "00" + "0000";

    [Fact]
    public void Get_event_log_publishes_the_events_the_meter_recorded_in_the_window()
    {
        var store = GsmeAttributeSeed.New();
        var day = TestMeters.RtdsLogDay;
        store.EventLog.Record(ZclEventLog.General, 0x8154, day.AddHours(1), [0x00, 0x84]);
        store.EventLog.Record(ZclEventLog.Security, 0x8F1E, day.AddHours(2), []);

        var general = GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0014, GetEventLog("13")))!;
        var security = GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x00A1, GetEventLog("04")))!;

        // PublishEventLog (fc 19, cmd 01): 1 event, command 0 of 1, control 0, then log id, event id, time (+3600 s), data.
        Assert.Equal("19" + "00" + "01" + "0100" + "00" + "01" + "00" + "03" + "5481" + "1007361C" + "02" + "0084",
            Convert.ToHexString(general)[16..]);
        Assert.Equal("0100" + "00" + "01" + "00" + "04" + "1E8F" + "2015361C" + "00", Convert.ToHexString(security)[22..]);
    }

    [Fact]
    public void Get_event_log_outside_the_recorded_window_is_not_found_and_clear_keeps_the_security_log()
    {
        var store = GsmeAttributeSeed.New();
        store.EventLog.Record(ZclEventLog.General, 0x8154, TestMeters.RtdsLogDay.AddHours(1), []);
        store.EventLog.Record(ZclEventLog.Security, 0x8F1E, TestMeters.RtdsLogDay.AddHours(2), []);

        var late = GbzCommandServer.Answer(store, VirtualGsmeStateTests.Gbz(0x0014, GetEventLog("13", "804A371C")))!;
        int cleared = store.EventLog.Clear(ZclEventLog.General);

        Assert.Equal("08" + "00" + "0B" + "00" + "8B", Convert.ToHexString(late)[16..]);
        Assert.Equal(0x08, cleared);
        Assert.Equal([ZclEventLog.Security], store.EventLog.Events.Select(e => e.LogId));
    }

    [SharedDataFact]
    public void A_gsme_with_history_logged_its_commands_and_the_tampered_one()
    {
        var gsme = TestMeters.GsmeWithHistory();

        var log = gsme.Attributes.EventLog.Events;

        // One Command Actioned per GBZ command executed (seven reads and writes, two of them the signed mode changes;
        // the tariff; the friendly credit calendar), one dropped.
        Assert.Equal(Enumerable.Repeat(0x8154, 9), log.Where(e => e.LogId == ZclEventLog.General).Select(e => e.EventId));
        Assert.Equal([0x8F1E], log.Where(e => e.LogId == ZclEventLog.Security).Select(e => e.EventId));
        Assert.Single(gsme.Attributes.TopUps.Entries);
        Assert.All(log, e => Assert.InRange(e.Time, ZclEventLog.ToZclTime(TestMeters.RtdsLogDay), ZclEventLog.ToZclTime(TestMeters.RtdsLogDay.AddDays(1))));
    }
}

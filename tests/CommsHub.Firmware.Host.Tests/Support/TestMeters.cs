using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>Virtual meters holding RTDS keys where RTDS publishes them (the ESME's KA key), fresh ones otherwise.</summary>
public static class TestMeters
{
    /// <summary>RTDS's load controller (role 8), whose anchors RTDS's ESME reports holding (CS02fMAC).</summary>
    public const ulong RtdsLoadController = 0x90B3D51F30010008;

    public static MeterKeys Keys(ulong eui) => new(
        Rtds.Keys.GetPrivateKey(eui, KeyUsage.KeyAgreement, false) ?? NetPrivateKey.Generate(),
        NetPrivateKey.Generate(), Rtds.Keys, Rtds.Acb, new Dictionary<int, ulong> { [2] = Rtds.Supplier, [3] = Rtds.NetworkOperator, [8] = RtdsLoadController });

    public static VirtualEsme Esme() => new(Rtds.Esme, MeterSpec.RtdsInstallCode, Keys(Rtds.Esme), new NetGbcsCrypto());

    public static VirtualGsme Gsme() => new(Rtds.Gsme, MeterSpec.RtdsInstallCode, Keys(Rtds.Gsme), new NetGbcsCrypto());

    public static VirtualGpf Gpf() => new(Rtds.Gpf, MeterSpec.RtdsInstallCode, Keys(Rtds.Gpf), new NetGbcsCrypto());

    /// <summary>The day RTDS's GSME logs cover (CS10a/b read from 2014-12-31 00:00 UTC).</summary>
    public static readonly DateTime RtdsLogDay = new(2014, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Time of day of RTDS's GSME daily reads (its GCS16a/b snapshots are stamped 09:00 UTC).</summary>
    public static readonly TimeSpan RtdsDailyReadTime = TimeSpan.FromHours(9);

    // Commands the history GSME executes on RTDS's log day: a firmware read, two starts of sampling (GCS18 reads session
    // 2), a change to prepayment mode, a balance read, a top-up and a change back to credit mode (the two mode changes
    // are GCS15b's billing data log entries); then it is set up as RTDS's meter reports itself: the time-of-use tariff
    // and calendar (GCS01a) and the friendly credit calendar GCS21b reports, and joined to the three partners CS07 lists
    // (CS03B joins with those partners in them). The critical ones are signed again by the supplier for their new counter.
    // Built on use, not in the type initializer: it reads RTDS files, and tests without the shared folder use this class.
    private static (string File, byte[]? Content)[] HistoryCommands() =>
    [
        ("11.2_GCS38/GCS38_11.2_SUCCESS_COMMAND_GBCS.HEX", null),
        ("14.1_GCS31/GCS31_14.1_SUCCESS_COMMAND_GBCS.HEX", null),
        ("14.1_GCS31/GCS31_14.1_SUCCESS_COMMAND_GBCS.HEX", null),
        ("1.6_GCS03/GCS03_1.6_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX", null),
        ("4.18_GCS60/GCS60_4.18_SUCCESS_COMMAND_GBCS.HEX", null),
        ("2.2_CS01b/CS01b_2.2_SUCCESS_COMMAND_GBCS.HEX", null),
        ("1.6_GCS02/GCS02_1.6_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX", null),
        ("1.1.1_GCS01a/GCS01a_1.1.1_IMMEDIATE_TOU_SUCCESS_COMMAND_GBCS.HEX", null),
        ("2.1_GCS05/GCS05_2.1_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX", RtdsFriendlyCreditCalendar.PublishPayload()),
        (Cs03B, Join(0x0102030405060708, DeviceType.Gpf)),
        (Cs03B, Join(0x00DB123456789099, DeviceType.Gpf)),
        (Cs03B, Join(0x00DB123456789097, DeviceType.Ppmid)),
    ];

    private const string Cs03B = "8.7.2_CS03B/CS03B_8.7.2_SUCCESS_COMMAND_GBCS.HEX";

    // CS03B Join Device command: SEQUENCE { join method and role 2 (Method B), entity id, device type }.
    private static byte[] Join(ulong eui, DeviceType type)
    {
        var join = new byte[18];
        new byte[] { 0x30, 0x10, 0x02, 0x01, 0x02, 0x04, 0x08 }.CopyTo(join, 0);
        BigEndian.WriteUInt64(join, 7, eui);
        new byte[] { 0x02, 0x01, (byte)type }.CopyTo(join, 15);
        return join;
    }

    /// <summary>
    /// A GSME whose logs hold a history like RTDS's meter's: its clock runs in half-hour ticks from two days before
    /// <see cref="RtdsLogDay"/> (GCS17 reads the profile from 2014-12-30) to the log day's evening while gas flows
    /// (the register rises each tick), so it samples its half-hourly profile and takes three daily reads (GCS16a reads
    /// them from 2014-12-29 or 2014-12-30, GCS16b from 2014-12-29 23:00); on the log day it executes a few RTDS
    /// commands (re-MAC'd, and re-signed where critical, with low originator counters, 1, 2, ..., so every RTDS command
    /// fed afterwards is still fresh), two of them opening sampling sessions and two changing the payment mode (GCS15b's
    /// billing data log entries), and drops one whose MAC was tampered with. Its logs then hold
    /// what the device recorded as it happened; afterwards its clock is the host's again. Values differ from RTDS's,
    /// the structure is the meter's own.
    /// </summary>
    public static VirtualGsme GsmeWithHistory()
    {
        var gsme = Gsme();
        var commands = HistoryCommands();
        ulong counter = 0;
        int next = 0;
        RunThroughRtdsDays(gsme, now =>
        {
            if (now < RtdsLogDay.AddHours(1) || next > commands.Length) return;
            var (file, content) = commands[next % commands.Length];
            byte[] frame = HubSetup.Remac(Rtds.Message(file), gsme.Keys.KeyAgreement.PublicKey, content: content, counter: ++counter);
            // After the commands, one arrives tampered with: the meter drops it and logs it.
            if (next == commands.Length) frame[^1] ^= 0x01;
            gsme.Handle(frame, 0, frame.Length);
            next++;
        });
        return gsme;
    }

    /// <summary>
    /// A GPF whose mirror of the gas meter ran through the same days as <see cref="GsmeWithHistory"/>'s meter (its
    /// clock and the mirrored register only: no commands), so it holds the same daily reads.
    /// </summary>
    public static VirtualGpf GpfWithHistory()
    {
        var gpf = Gpf();
        RunThroughRtdsDays(gpf, _ => { });
        return gpf;
    }

    // Runs the meter's clock in half-hour ticks from two days before the log day to its evening while gas flows (the
    // register rises each tick), calling afterTick at each; then gives the meter the host's clock again.
    private static void RunThroughRtdsDays(VirtualGsme meter, Action<DateTime> afterTick)
    {
        // RTDS's meter took its daily reads at 09:00 (the snapshot times of its GCS16a/b answers).
        meter.Attributes.Snapshots.DailyCaptureTime = RtdsDailyReadTime;
        for (var at = RtdsLogDay.AddDays(-2); at <= RtdsLogDay.AddHours(20); at = at.AddMinutes(30))
        {
            var now = at;
            meter.Clock = () => now;
            meter.ConsumptionRegister += 7;
            meter.Tick(now);
            afterTick(now);
        }
        meter.Clock = () => DateTime.UtcNow;
    }

    /// <summary>A fresh virtual device for RTDS target <paramref name="eui"/> (ESME, GSME or GPF).</summary>
    public static VirtualMeter For(ulong eui) => eui switch
    {
        Rtds.Esme => Esme(),
        Rtds.Gsme => Gsme(),
        Rtds.Gpf => Gpf(),
        _ => throw new ArgumentException($"no virtual device for {eui:X16}"),
    };
}

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

    // Commands the history GSME executes on RTDS's log day: a firmware read, two starts of sampling (GCS18 reads session
    // 2), a balance read, a top-up; then it is set up as RTDS's meter reports itself: the time-of-use tariff and calendar
    // (GCS01a, re-signed for its new counter) and the friendly credit calendar GCS21b reports, and joined to the three
    // partners CS07 lists (CS03B joins with those partners in them).
    // Built on use, not in the type initializer: it reads RTDS files, and tests without the shared folder use this class.
    private static (string File, byte[]? Content)[] HistoryCommands() =>
    [
        ("11.2_GCS38/GCS38_11.2_SUCCESS_COMMAND_GBCS.HEX", null),
        ("14.1_GCS31/GCS31_14.1_SUCCESS_COMMAND_GBCS.HEX", null),
        ("14.1_GCS31/GCS31_14.1_SUCCESS_COMMAND_GBCS.HEX", null),
        ("4.18_GCS60/GCS60_4.18_SUCCESS_COMMAND_GBCS.HEX", null),
        ("2.2_CS01b/CS01b_2.2_SUCCESS_COMMAND_GBCS.HEX", null),
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
    /// A GSME whose logs hold a history like RTDS's meter's: its clock runs in half-hour ticks from the day before
    /// <see cref="RtdsLogDay"/> (GCS17 reads the profile from 2014-12-30) to the log day's evening while gas flows
    /// (the register rises each tick), so it samples its half-hourly profile; on the log day it executes a few RTDS
    /// commands (re-MAC'd with low originator counters, 1, 2, ..., so every RTDS command fed afterwards is still
    /// fresh), two of them opening sampling sessions, and drops one whose MAC was tampered with. Its logs then hold
    /// what the device recorded as it happened; afterwards its clock is the host's again. Values differ from RTDS's,
    /// the structure is the meter's own.
    /// </summary>
    public static VirtualGsme GsmeWithHistory()
    {
        var gsme = Gsme();
        var commands = HistoryCommands();
        ulong counter = 0;
        int next = 0;
        for (var at = RtdsLogDay.AddDays(-1).AddHours(-1); at <= RtdsLogDay.AddHours(20); at = at.AddMinutes(30))
        {
            var now = at;
            gsme.Clock = () => now;
            gsme.ConsumptionRegister += 7;
            gsme.Tick(now);
            if (now < RtdsLogDay.AddHours(1) || next > commands.Length) continue;
            var (file, content) = commands[next % commands.Length];
            byte[] frame = HubSetup.Remac(Rtds.Message(file), gsme.Keys.KeyAgreement.PublicKey, content: content, counter: ++counter);
            // After the commands, one arrives tampered with: the meter drops it and logs it.
            if (next == commands.Length) frame[^1] ^= 0x01;
            gsme.Handle(frame, 0, frame.Length);
            next++;
        }
        gsme.Clock = () => DateTime.UtcNow;
        return gsme;
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

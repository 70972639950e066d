using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>Virtual meters holding RTDS keys where RTDS publishes them (the ESME's KA key), fresh ones otherwise.</summary>
public static class TestMeters
{
    public static MeterKeys Keys(ulong eui) => new(
        Rtds.Keys.GetPrivateKey(eui, KeyUsage.KeyAgreement, false) ?? NetPrivateKey.Generate(),
        NetPrivateKey.Generate(), Rtds.Keys, Rtds.Acb, new Dictionary<int, ulong> { [2] = Rtds.Supplier, [3] = Rtds.NetworkOperator });

    public static VirtualEsme Esme() => new(Rtds.Esme, MeterSpec.RtdsInstallCode, Keys(Rtds.Esme), new NetGbcsCrypto());

    public static VirtualGsme Gsme() => new(Rtds.Gsme, MeterSpec.RtdsInstallCode, Keys(Rtds.Gsme), new NetGbcsCrypto());

    public static VirtualGpf Gpf() => new(Rtds.Gpf, MeterSpec.RtdsInstallCode, Keys(Rtds.Gpf), new NetGbcsCrypto());

    /// <summary>The day RTDS's GSME logs cover (CS10a/b read from 2014-12-31 00:00 UTC).</summary>
    public static readonly DateTime RtdsLogDay = new(2014, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    // Commands the history GSME lives through, one an hour on RTDS's log day: a firmware read, a start of sampling, a
    // balance read. Unsigned ones only: a new counter would void a critical command's signature.
    private static readonly string[] HistoryCommands =
    [
        "11.2_GCS38/GCS38_11.2_SUCCESS_COMMAND_GBCS.HEX",
        "14.1_GCS31/GCS31_14.1_SUCCESS_COMMAND_GBCS.HEX",
        "4.18_GCS60/GCS60_4.18_SUCCESS_COMMAND_GBCS.HEX",
    ];

    /// <summary>
    /// A GSME whose logs hold a history like RTDS's meter's: its clock runs through <see cref="RtdsLogDay"/> while it
    /// executes a few RTDS commands (re-MAC'd with low originator counters, 1, 2, ..., so every RTDS command fed
    /// afterwards is still fresh) and drops one whose MAC was tampered with. Its General Event Log then holds the
    /// Command Actioned events and its Security Event Log the integrity failure, recorded by the device as they
    /// happened; afterwards its clock is the host's again. Values differ from RTDS's, the structure is the meter's own.
    /// </summary>
    public static VirtualGsme GsmeWithHistory()
    {
        var gsme = Gsme();
        var at = RtdsLogDay;
        ulong counter = 0;
        foreach (var file in HistoryCommands)
        {
            at = at.AddHours(1);
            var now = at;
            gsme.Clock = () => now;
            gsme.Tick(now);
            var frame = HubSetup.Remac(Rtds.Message(file), gsme.Keys.KeyAgreement.PublicKey, counter: ++counter);
            gsme.Handle(frame, 0, frame.Length);
        }
        var tampered = HubSetup.Remac(Rtds.Message(HistoryCommands[0]), gsme.Keys.KeyAgreement.PublicKey, counter: ++counter);
        tampered[^1] ^= 0x01;
        gsme.Handle(tampered, 0, tampered.Length);
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

using CommsHub.Dcc.Access;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Cli.Tests;

/// <summary>
/// End to end over the demo, one SRV per DUIS section from 1 to 12: <c>commshub send</c> builds (or templates) the
/// request, signs it as the user (and, for a critical SRV, the adapter's pre-command too), sends it, waits and prints the
/// answer decoded: response code, GBCS message code and use case, MAC or signature checked, the DLMS result tree.
/// Section 5 (DCC schedules) is non-device: the DSP answers 5.1 with the new schedule's DSPScheduleID, 5.2 with the
/// schedule and 5.3 with I99. DUIS 5.4 has no section 10: its request matrix goes from 9.1 to 11.1.
/// </summary>
public sealed class SendBySectionTests(DemoAdapter demo, ITestOutputHelper output) : IClassFixture<DemoAdapter>
{
    /// <summary>An electricity TOU tariff in the <c>--tariff</c> form (the README's example).</summary>
    public const string Tariff = """
        {
          "currency": "GBP",
          "standingCharge": 20000, "standingChargeScale": -5,
          "priceScale": -5, "prices": [2121, 3127],
          "weekday": [ { "start": "00:00", "rate": 1 }, { "start": "07:00", "rate": 2 }, { "start": "23:00", "rate": 1 } ],
          "weekend": [ { "start": "00:00", "rate": 1 } ]
        }
        """;

    [SharedDataFact]
    public async Task One_srv_from_every_duis_section_goes_from_send_to_a_decoded_answer()
    {
        var tariff = Path.Combine(demo.DataDirectory, "tariff.json");
        await File.WriteAllTextAsync(tariff, Tariff);
        var other = Eui64.ToText(DemoIdentities.OtherUser);

        // 1: the tariff, critical: the pre-command is signed and the meter answers signed, every attribute set.
        var s1 = await Answered("1.1.1", "--meter", Esme, "--tariff", tariff);
        Assert.Contains(s1, l => l.StartsWith("GBCS: 0x0019 ECS01a, signed response from " + Esme, StringComparison.Ordinal));
        Assert.Contains("MAC: absent, signature: valid", s1);
        Assert.Matches(@"^decoded: DLMS access-response results\[(Set:0 ?)+\]", s1.Single(l => l.StartsWith("decoded:", StringComparison.Ordinal)));

        // 2: emergency credit, critical, empty body.
        var s2 = await Answered("2.5", "--meter", Esme);
        Assert.Contains(s2, l => l.StartsWith("GBCS: 0x0020 ECS09, signed response from " + Esme, StringComparison.Ordinal));
        Assert.Contains("MAC: absent, signature: valid", s2);

        // 3: clearing the event log, from the public template (its target overridden).
        var s3 = await Answered("3.3", "--template", Template("ECS15a_3.3_SUCCESS_REQUEST_DUIS.XML"), "--meter", Esme);
        Assert.Contains(s3, l => l.StartsWith("GBCS: 0x0024 ECS15a, mac response from " + Esme, StringComparison.Ordinal));
        Assert.Contains(s3, l => l.StartsWith("MAC: valid", StringComparison.Ordinal));

        // 4: the registers, decrypted with the supplier's key.
        var s4 = await Answered("4.1.1", "--meter", Esme);
        Assert.Contains(s4, l => l.StartsWith("GBCS: 0x0027 ECS17b, mac response from " + Esme, StringComparison.Ordinal));
        Assert.Contains(s4, l => l.StartsWith("decoded: active import ", StringComparison.Ordinal));

        // 5: a DCC schedule of the daily read log, non-device: the DSP answers from its store with the schedule's ID; it
        // is then read back and deleted.
        var (exit5, s5, err5) = await SendAsync("5.1", "--template", Template("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML"), "--meter", Esme,
            "--set", "DeviceID=" + CommsHub.Dcc.Duis.RequestId.FormatEui(demo.Meter("ESME").Eui));
        Assert.True(exit5 == 0, err5 + string.Join('\n', s5));
        Assert.Matches(@"^commshub: 5\.1 to .* \(CV 8, /api/v1/serviceD\): I0 ", s5[0]);
        var schedule = Assert.Single(s5, l => l.StartsWith("DSPScheduleID: ", StringComparison.Ordinal))["DSPScheduleID: ".Length..];
        Assert.Matches(@"^\d+$", schedule);
        var (exit52, s52, err52) = await SendAsync("5.2", "--template", Template("5.2_READ_SCHEDULE_REQUEST_DUIS.XML"), "--meter", Esme,
            "--set", "DSPScheduleID=" + schedule);
        Assert.True(exit52 == 0, err52 + string.Join('\n', s52));
        Assert.Contains("DSPScheduledServiceReferenceVariant: 4.6.1", s52);
        Assert.Contains("DeviceID: " + CommsHub.Dcc.Duis.RequestId.FormatEui(demo.Meter("ESME").Eui), s52);
        var (exit53, s53, err53) = await SendAsync("5.3", "--template", Template("5.3_DELETE_SCHEDULE_REQUEST_DUIS.XML"), "--meter", Esme,
            "--set", "DSPScheduleID=" + schedule);
        Assert.True(exit53 == 0, err53 + string.Join('\n', s53));
        Assert.Matches(@"^commshub: 5\.3 to .* \(CV 8, /api/v1/serviceD\): I99 ", s53[0]);

        // 6: the device identity.
        var s6 = await Answered("6.2.4", "--meter", Esme);
        Assert.Contains(s6, l => l.StartsWith("GBCS: 0x", StringComparison.Ordinal) && l.Contains(", mac response from " + Esme, StringComparison.Ordinal));
        Assert.Contains(s6, l => l.StartsWith("decoded: DLMS access-response", StringComparison.Ordinal));

        // 7: the supply status.
        var s7 = await Answered("7.4", "--meter", Esme);
        Assert.Contains(s7, l => l.StartsWith("GBCS: 0x0052 ECS45, mac response from " + Esme, StringComparison.Ordinal));
        Assert.Contains(s7, l => l.StartsWith("decoded: DLMS access-response results[", StringComparison.Ordinal));

        // 8: the inventory, a non-device service answered from the store in the HTTP answer.
        var (exit8, s8, err8) = await SendAsync("8.2", "--device", Esme);
        Assert.True(exit8 == 0, err8 + string.Join('\n', s8));
        Assert.Matches(@"\(CV 8, /api/v1/serviceD\): I0 ", s8[0]);
        Assert.Contains("DeviceStatus: Commissioned", s8);

        // 9: the CIN the DCC allocated (MintedCin: hub 1, meter 1), sent to the meter; only an Other User may ask.
        var s9 = await Answered("9.1", "--meter", Esme, "--user", other);
        Assert.Contains(s9, l => l.StartsWith("GBCS: 0x0058 ECS50, mac response from " + Esme, StringComparison.Ordinal));
        Assert.Contains("decoded: DLMS access-response results[Set:0] data[0x00]", s9);

        // 10: DUIS 5.4 has none.
        Assert.DoesNotContain(SrvCatalogue.All, s => s.Srv.StartsWith("10.", StringComparison.Ordinal));

        // 11: the firmware version.
        var s11 = await Answered("11.2", "--meter", Esme);
        Assert.Contains(s11, l => l.StartsWith("GBCS: 0x", StringComparison.Ordinal) && l.Contains("ECS52, mac response from " + Esme, StringComparison.Ordinal));

        // 12: pre-notifying a new device, answered from the store.
        var (exit12, s12, err12) = await SendAsync("12.2", "--device", "02C04B10000009F0", "--set", "DeviceType=GSME");
        Assert.True(exit12 == 0, err12 + string.Join('\n', s12));
        Assert.Matches(@"^commshub: 12\.2 to 02C04B10000009F0 as 02C04B0000010000 \(CV 8, /api/v1/serviceD\): I99 ", s12[0]);
    }

    [SharedDataFact]
    public async Task Section_7_critical_supply_disable_signs_the_pre_command_and_the_meter_answers_signed()
    {
        var (exit, stdout, stderr) = await SendAsync("7.1", "--template", Template("ECS42_7.1_SUCCESS_REQUEST_DUIS.XML"), "--meter", Esme);

        Assert.True(exit == 0, stderr + string.Join('\n', stdout));
        Assert.Matches(@"^commshub: 7\.1 to " + Esme + @" as 02C04B0000010000 \(CV 4, /api/v1/serviceT\): I0 ", stdout[0]);
        Assert.Matches(@"^commshub: pre-command signed, CV 5 \(/api/v1/serviceS\): I99 ", stdout[1]);
        Assert.Equal($"commshub: I0 from {Esme}", stdout[2]);
        Assert.Contains(stdout, l => l.StartsWith("GBCS: 0x004F ECS42, signed response from " + Esme, StringComparison.Ordinal));
        Assert.Contains("MAC: absent, signature: valid", stdout);
    }

    [SharedDataFact]
    public async Task Section_9_the_gas_meter_is_sent_its_cin_too()
    {
        var stdout = await Answered("9.1", "--meter", Eui64.ToText(demo.Meter("GSME").Eui), "--user", Eui64.ToText(DemoIdentities.OtherUser));

        Assert.Contains(stdout, l => l.StartsWith("GBCS: 0x0083 GCS36, mac response from ", StringComparison.Ordinal));
        Assert.Contains(stdout, l => l.StartsWith("MAC: valid", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task Section_12_pre_notifying_a_device_already_commissioned_is_refused()
    {
        // Already known and commissioned: the access rules for a pre-notification refuse it.
        var (exit, answer, _) = await SendAsync("12.2", "--device", Esme);

        Assert.Equal(2, exit);
        Assert.Contains(": E5 ", answer[0], StringComparison.Ordinal);
    }

    private string Esme => Eui64.ToText(demo.Meter("ESME").Eui);

    private static string Template(string name) => SharedData.PathOf("vectors/gbcs/duis/templates/" + name);

    // A device SRV answered I0 by the device: exit 0, the device's answer on the line after the adapter's acceptance(s).
    private async Task<string[]> Answered(params string[] args)
    {
        var (exit, stdout, stderr) = await SendAsync(args);
        Assert.True(exit == 0, $"send {string.Join(' ', args)}: exit {exit}\n{stderr}{string.Join('\n', stdout)}");
        Assert.Contains($"commshub: I0 from {args[Array.IndexOf(args, "--meter") + 1]}", stdout);
        return stdout;
    }

    private async Task<(int Exit, string[] Stdout, string Stderr)> SendAsync(params string[] args)
    {
        var result = await DemoSend.RunAsync(demo, args);
        output.WriteLine($"$ commshub send {string.Join(' ', args)}\n{string.Join('\n', result.Stdout)}");
        return result;
    }
}

using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>commshub read-meter</c> against the running demo adapter: the 4.1.1 goes out signed, the I0 comes back over MQTT
/// and its registers are printed, for the electricity meter (ECS17b) and the gas meter (GCS13a) alike; an answer it
/// cannot decode is one line on stderr and exit 2.
/// </summary>
public sealed class ReadMeterCommandTests(DemoAdapter demo) : IClassFixture<DemoAdapter>
{
    [SharedDataFact]
    public async Task Reading_the_gas_meter_prints_its_consumption_register()
    {
        var gsme = demo.Meter("GSME");
        await demo.Hub.Hub.InvokeAsync(() => ((VirtualGsme)gsme.Meter).ConsumptionRegister = 987_654);

        var (exit, stdout, stderr) = await ReadAsync(gsme.Eui);

        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Equal($"commshub: I0 from {Eui64.ToText(gsme.Eui)}: consumption 987.654 m3", stdout.Last());
    }

    [SharedDataFact]
    public async Task Reading_the_electricity_meter_prints_its_import_registers()
    {
        var esme = demo.Meter("ESME");
        await demo.Hub.Hub.InvokeAsync(() => ((VirtualEsme)esme.Meter).ActiveImportWh = 4321);

        var (exit, stdout, stderr) = await ReadAsync(esme.Eui);

        Assert.True(exit == 0, stderr);
        Assert.StartsWith($"commshub: 4.1.1 read of {Eui64.ToText(esme.Eui)} as ", stdout[0]);
        Assert.Equal($"commshub: I0 from {Eui64.ToText(esme.Eui)}: active import 4321 Wh, reactive import 10 varh", stdout.Last());
    }

    [SharedDataFact]
    public async Task A_gas_answer_that_cannot_be_decoded_is_one_line_and_exit_2()
    {
        var gsme = (VirtualGsme)demo.Meter("GSME").Meter;
        await demo.Hub.Hub.InvokeAsync(() => gsme.Divisor = 0);
        try
        {
            var (exit, _, stderr) = await ReadAsync(gsme.Eui);

            Assert.Equal(2, exit);
            Assert.Equal($"commshub: cannot decode the I0 from {Eui64.ToText(gsme.Eui)}: GCS13a: the meter's Divisor is 0", stderr.TrimEnd());
        }
        finally
        {
            await demo.Hub.Hub.InvokeAsync(() => gsme.Divisor = 1000);
        }
    }

    // As the README and the demo banner run it, with this adapter's addresses and data folder.
    private Task<(int Exit, string[] Stdout, string Stderr)> ReadAsync(ulong meter) => Task.Run(() =>
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliApp.Run(
            ["read-meter", "--meter", Eui64.ToText(meter), "--url", demo.HttpUrl, "--mqtt-port", demo.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--data-dir", demo.DataDirectory, "--wait", "30"], stdout, stderr);
        return (exit, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), stderr.ToString());
    });
}

using CommsHub.Firmware.Host.Cli;

namespace CommsHub.Firmware.Host.Tests;

public class CliTests
{
    [Fact]
    public void Ncp_on_a_port_that_cannot_be_opened_exits_5_naming_the_port()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string missing = "/dev/commshub-no-such-tty-" + Guid.NewGuid().ToString("N");
        int code = HostCli.Run(["--ncp", missing, "--data", Path.Combine(Path.GetTempPath(), "commshub-ncp-" + Guid.NewGuid().ToString("N"))], stdout, stderr);
        Assert.Equal(HostCli.NcpUnavailable, code);
        string err = stderr.ToString().Trim();
        Assert.Single(err.Split('\n'));
        Assert.Equal($"commshub-hub: cannot open NCP serial port {missing} at 115200 baud: no such device", err);
    }

    [Fact]
    public void Ncp_options_reach_the_hub_options_without_simulated_meters()
    {
        HostOptions? seen = null;
        int code = HostCli.Run(["--ncp", "/dev/ttyUSB0", "--ncp-baud", "57600"], new StringWriter(), new StringWriter(), _ => null, o => { seen = o; return 0; });
        Assert.Equal(0, code);
        Assert.Equal(("/dev/ttyUSB0", 57600), (seen!.NcpPort, seen.NcpBaud));
        Assert.Empty(seen.Meters);
    }

    [Theory]
    [InlineData("--count", "2")]
    [InlineData("--meters", "esme:00DB1234567890A0")]
    [InlineData("--ncp-baud", "0")]
    public void Ncp_with_options_it_cannot_honour_exits_1(string option, string value)
    {
        var stderr = new StringWriter();
        int code = HostCli.Run(["--ncp", "/dev/ttyUSB0", option, value], new StringWriter(), stderr, _ => null, _ => 0);
        Assert.Equal(1, code);
        Assert.StartsWith("commshub-hub: ", stderr.ToString());
    }

    [Fact]
    public void The_log_level_comes_from_the_default_level_variable_the_bench_sets()
    {
        // The bench starts its hubs with Logging__LogLevel__Default=Warning so that they do not print a line per frame;
        // the hubs ignored it and logged at Information.
        HostOptions? seen = null;
        int code = HostCli.Run([], new StringWriter(), new StringWriter(), v => v == HostCli.LogLevelVariable ? "Warning" : null, o => { seen = o; return 0; });
        Assert.Equal(0, code);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, seen!.LogLevel);
    }

    [Fact]
    public void The_log_level_option_wins_over_the_variable_and_defaults_to_information()
    {
        HostOptions? seen = null;
        HostCli.Run(["--log-level", "error"], new StringWriter(), new StringWriter(), _ => "Warning", o => { seen = o; return 0; });
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, seen!.LogLevel);
        HostCli.Run([], new StringWriter(), new StringWriter(), _ => null, o => { seen = o; return 0; });
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, seen!.LogLevel);
    }

    [Theory]
    [InlineData("--eui", "XYZ")]
    [InlineData("--broker", "host:0")]
    [InlineData("--count", "0")]
    [InlineData("--meters", "lamp:00DB1234567890A0")]
    [InlineData("--log-level", "Loud")]
    [InlineData("--log-level", "3")]
    public void Bad_options_exit_1_with_one_line(string option, string value)
    {
        var stderr = new StringWriter();
        Assert.Equal(1, HostCli.Run([option, value], new StringWriter(), stderr));
        Assert.Single(stderr.ToString().Trim().Split('\n'));
    }

    [Fact]
    public void Help_lists_every_option()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, HostCli.Run(["--help"], stdout, new StringWriter()));
        foreach (var o in new[] { "--broker", "--eui", "--keys", "--acb", "--data", "--count", "--meters", "--ncp", "--ncp-baud" })
            Assert.Contains(o, stdout.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:1883", "127.0.0.1", 1883)]
    [InlineData("broker.local", "broker.local", 1883)]
    [InlineData("[::1]:8883", "::1", 8883)]
    public void Broker_addresses_parse(string text, string host, int port)
    {
        Assert.Equal((host, port), HostOptionParsers.ParseBroker(text));
    }

    [Fact]
    public void Meter_specs_parse_and_offset_per_hub()
    {
        var m = MeterSpec.Parse("gsme:00DB1234567890A1:000102030405060708090A0B0C0D0E0F");
        Assert.Equal(MeterKind.Gsme, m.Kind);
        Assert.Equal(16, m.InstallCode.Length);
        Assert.Equal(0x00DB1234567891A1UL, m.ForHub(1).Eui);
        Assert.Equal(MeterSpec.RtdsInstallCode, MeterSpec.Parse("ihd:00DB1234567890B0").InstallCode);
    }
}

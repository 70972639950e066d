using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Tests.Support;

namespace CommsHub.Firmware.Host.Tests;

/// <summary><c>--username</c> / <c>--password</c> of <c>commshub-hub</c>: how they are read, and a broker that checks them.</summary>
public class CredentialsTests
{
    private const string HubEui = "00DB1234567890A2";

    [Fact]
    public void Options_give_the_user_name_and_password()
    {
        var o = Parse(["--username", "hub-a", "--password", "s3cret"]);
        Assert.Equal("hub-a", o.MqttUserName);
        Assert.Equal("s3cret", o.MqttPassword);
        Assert.Equal("hub-a", o.UserNameFor(0x00DB1234567890A3)); // one user name for every hub when given
    }

    [Fact]
    public void Environment_variables_stand_in_for_missing_options()
    {
        var o = Parse([], Env((HostCli.UserNameVariable, "from-env"), (HostCli.PasswordVariable, "env-secret")));
        Assert.Equal("from-env", o.MqttUserName);
        Assert.Equal("env-secret", o.MqttPassword);
    }

    [Fact]
    public void Options_win_over_the_environment_and_empty_variables_count_as_unset()
    {
        var o = Parse(["--password", "option-secret"], Env((HostCli.UserNameVariable, ""), (HostCli.PasswordVariable, "env-secret")));
        Assert.Null(o.MqttUserName);
        Assert.Equal("option-secret", o.MqttPassword);
    }

    [Fact]
    public void A_password_without_a_user_name_logs_each_hub_in_as_its_eui()
    {
        var o = Parse(["--password", "s3cret", "--count", "2"]);
        Assert.Equal(HubEui, o.UserNameFor(0x00DB1234567890A2));
        Assert.Equal("00DB1234567890A3", o.UserNameFor(0x00DB1234567890A3));
    }

    [Fact]
    public void Without_either_there_are_no_credentials()
    {
        var o = Parse([]);
        Assert.Null(o.MqttPassword);
        Assert.Null(o.UserNameFor(0x00DB1234567890A2));
    }

    [Fact]
    public void Help_names_the_options_and_their_variables()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, HostCli.Run(["--help"], stdout, new StringWriter()));
        foreach (var text in new[] { "--username", "--password", HostCli.UserNameVariable, HostCli.PasswordVariable, "credentials.json" })
            Assert.Contains(text, stdout.ToString());
    }

    [Fact]
    public async Task The_right_credentials_are_accepted_and_the_hub_stops_cleanly()
    {
        await using var broker = await Broker.StartAsync(HubEui, "right");
        using var data = new TempDir();
        using var stop = new CancellationTokenSource();
        var stderr = new StringWriter();

        var run = Task.Run(() => HostCli.Run(Args(broker, data, "--password", "right"), new StringWriter(), stderr, stop.Token));
        var deadline = DateTime.UtcNow + AdapterClient.Wait;
        while (!broker.Admitted.Contains(HubEui) && !run.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Contains(HubEui, broker.Admitted);
        stop.Cancel();

        Assert.Equal(0, await run.WaitAsync(AdapterClient.Wait));
        Assert.Equal("", stderr.ToString());
    }

    [Theory]
    [InlineData("user " + HubEui, "--password", "wrong")]
    [InlineData("user someone-else", "--username", "someone-else", "--password", "right")]
    [InlineData("no user name")]
    public async Task Refused_credentials_end_the_process_with_one_line_naming_broker_hub_and_reason(string who, params string[] credentials)
    {
        await using var broker = await Broker.StartAsync(HubEui, "right");
        using var data = new TempDir();
        var stderr = new StringWriter();

        // No stop token: the refusal alone must end the run.
        int code = await Task.Run(() => HostCli.Run(Args(broker, data, credentials), new StringWriter(), stderr)).WaitAsync(AdapterClient.Wait);

        Assert.Equal(HostCli.CredentialsRefused, code);
        var line = Assert.Single(stderr.ToString().Trim().Split('\n'));
        Assert.Equal($"commshub-hub: broker 127.0.0.1:{broker.Port} refused hub {HubEui} ({who}): bad user name or password", line.TrimEnd());
        Assert.Empty(broker.Admitted);
    }

    private static string[] Args(Broker broker, TempDir data, params string[] more) =>
        ["--broker", $"127.0.0.1:{broker.Port}", "--data", data.Path, "--meters", "ihd:00DB1234567890B0", .. more];

    private static HostOptions Parse(string[] args, Func<string, string?>? environment = null) => ParsedOptions.Of(args, environment);

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}

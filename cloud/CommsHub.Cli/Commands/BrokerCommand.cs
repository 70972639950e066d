using System.CommandLine;
using CommsHub.Cloud.Mqtt.Mosquitto;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub broker mosquitto-config --data DIR --out DIR</c>: a Mosquitto 2 set-up for the adapter's external-broker
/// mode (<c>CommsHub:Mqtt:Mode=External</c>), from the adapter's data directory: <c>mosquitto.conf</c>, every hub, user
/// and the adapter with DESIGN.md's authorisation rules (the dynamic security plugin's file by default, which refuses
/// other parties' subscriptions; <c>--access-control acl-file</c>: a password file and an ACL file), and a TLS certificate
/// from the test SMKI. Prints one line per file written, never a secret. <c>commshub broker mosquitto-sync</c>
/// (<see cref="MosquittoSyncCommand"/>) applies accounts added later to the running broker.
/// </summary>
internal static class BrokerCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var broker = new Command("broker", "External MQTT broker set-up");
        broker.Subcommands.Add(MosquittoConfig(stdout, stderr));
        broker.Subcommands.Add(MosquittoSyncCommand.Create(stdout, stderr));
        return broker;
    }

    private static Command MosquittoConfig(TextWriter stdout, TextWriter stderr)
    {
        var data = DataOption("mqtt/credentials.json, smki/");
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the Mosquitto files", Required = true };
        var address = new Option<string>("--address") { Description = "Address the listeners bind to", DefaultValueFactory = _ => "127.0.0.1" };
        var tlsPort = new Option<int>("--tls-port") { Description = "TLS listener port (0: none)", DefaultValueFactory = _ => 8883 };
        var plainPort = new Option<int>("--plain-port") { Description = "Plain TCP listener port, passwords in clear (0: none)", DefaultValueFactory = _ => 0 };
        var hostNames = new Option<string[]>("--host-name") { Description = "Extra DNS name or IP address for the broker certificate (repeatable)" };
        var runAs = new Option<string?>("--user") { Description = "Account Mosquitto runs as when started as root (default: the current user)" };
        var accessControl = new Option<string>("--access-control")
        {
            Description = "dynsec: Mosquitto's dynamic security plugin, which refuses other parties' subscriptions (default); "
                + "acl-file: password_file and acl_file, which grant any subscription and filter at delivery (an absent user's outcomes can be lost)",
            DefaultValueFactory = _ => "dynsec",
        };
        accessControl.AcceptOnlyFromAmong("dynsec", "acl-file");
        var plugin = new Option<string?>("--dynsec-plugin") { Description = "The dynamic security plugin's .so (default: found where Debian installs it)" };
        var command = new Command("mosquitto-config", "Write mosquitto.conf, the accounts and their topic rules (dynamic security plugin, or password and ACL files) and TLS files for the adapter's external-broker mode")
        {
            data, output, address, tlsPort, plainPort, hostNames, runAs, accessControl, plugin,
        };
        command.SetAction(parse =>
        {
            var tls = parse.GetValue(tlsPort);
            var plain = parse.GetValue(plainPort);
            if (tls is < 0 or > 65535 || plain is < 0 or > 65535)
            {
                stderr.WriteLine("commshub: --tls-port and --plain-port must be TCP ports (0: none)");
                return 1;
            }
            if (BreaksConfigLine(parse.GetValue(runAs), parse.GetValue(output)!.FullName, parse.GetValue(plugin)) is { } refused)
            {
                stderr.WriteLine($"commshub: {refused}");
                return 1;
            }
            try
            {
                var result = MosquittoConfigWriter.Write(new MosquittoConfigRequest
                {
                    DataDirectory = parse.GetValue(data)!.FullName,
                    OutDirectory = parse.GetValue(output)!.FullName,
                    Address = parse.GetValue(address)!,
                    TlsPort = tls,
                    PlainPort = plain,
                    HostNames = parse.GetValue(hostNames) ?? [],
                    RunAs = parse.GetValue(runAs),
                    AccessControl = parse.GetValue(accessControl) == "acl-file" ? MosquittoAccessControl.AclFile : MosquittoAccessControl.DynamicSecurity,
                    DynamicSecurityPlugin = parse.GetValue(plugin),
                });
                foreach (var (what, path) in result.Files()) stdout.WriteLine($"commshub: wrote {what} {path}");
                stdout.WriteLine($"commshub: {result.Accounts} accounts (passwords hashed by {result.Hashing}); start it with: mosquitto -c {result.ConfigFile}");
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException
                                           or System.Security.Cryptography.CryptographicException)
            {
                stderr.WriteLine($"commshub: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary><c>--data</c>: the adapter's data directory, where <paramref name="what"/> is read from; default <c>.data</c>.</summary>
    internal static Option<DirectoryInfo> DataOption(string what) => new("--data")
    {
        Description = $"The adapter's data directory ({what}); default .data",
        DefaultValueFactory = _ => new DirectoryInfo(".data"),
    };

    // Each of these ends up as the rest of one mosquitto.conf line: a line break in it would add directives of its own
    // (allow_anonymous true, another listener), and an account name is one word.
    private static string? BreaksConfigLine(string? runAs, string output, string? plugin)
    {
        if (runAs is not null && (runAs.Length == 0 || runAs.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            return "--user must be an account name, one word without spaces or control characters";
        if (output.Any(char.IsControl)) return "--out must be a path without line breaks or other control characters";
        if (plugin is not null && plugin.Any(char.IsControl)) return "--dynsec-plugin must be a path without line breaks or other control characters";
        return null;
    }
}

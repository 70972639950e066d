using System.CommandLine;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Mosquitto;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub broker mosquitto-sync --data DIR --out DIR --port N [--host H] [--tls] [--reset-passwords]</c>: brings a
/// running Mosquitto's dynamic security plugin to what <c>mosquitto-config</c> would write for the data directory's
/// <c>mqtt/credentials.json</c> (hubs and users added since the broker started, roles and ACLs, accounts removed),
/// through the plugin's control topic as the admin account whose secret <c>mosquitto-config</c> keeps in <c>--out</c>.
/// The 2.0 plugin does not reread its file on SIGHUP; this needs no restart. Prints one line per change (never a
/// secret) and a summary; a second run changes nothing.
/// </summary>
internal static class MosquittoSyncCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = BrokerCommand.DataOption("mqtt/credentials.json");
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder mosquitto-config wrote (holds the admin account's secret)", Required = true };
        var host = new Option<string>("--host") { Description = "The broker's address", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The broker's port (a TLS one with --tls)", Required = true };
        var tls = new Option<bool>("--tls") { Description = "Connect with TLS, trusting OUT/tls/ca.pem" };
        var resetPasswords = new Option<bool>("--reset-passwords")
        {
            Description = "Also set every existing account's password from credentials.json (the plugin does not show them, so they are not compared)",
        };
        var command = new Command("mosquitto-sync", "Apply credentials.json to a running Mosquitto's dynamic security plugin (new hubs and users, roles, removed accounts) without a restart")
        {
            data, output, host, port, tls, resetPasswords,
        };
        command.SetAction(async (parse, ct) =>
        {
            var portValue = parse.GetValue(port);
            if (portValue is < 1 or > 65535)
            {
                stderr.WriteLine("commshub: --port must be a TCP port");
                return 1;
            }
            var outDirectory = parse.GetValue(output)!.FullName;
            try
            {
                var credentials = MqttCredentials.Load(Path.Combine(parse.GetValue(data)!.FullName, "mqtt", "credentials.json"));
                var secret = MosquittoDynsecAdmin.LoadSecret(outDirectory);
                var ca = parse.GetValue(tls) ? Path.Combine(outDirectory, "tls", "ca.pem") : null;
                await using var control = await MosquittoDynsecControl.ConnectAsync(parse.GetValue(host)!, portValue, secret, ca, ct).ConfigureAwait(false);
                var changes = await MosquittoDynsecSync.ApplyAsync(control, credentials.Entries, parse.GetValue(resetPasswords), ct).ConfigureAwait(false);
                foreach (var change in changes) stdout.WriteLine($"commshub: {change.Description}");
                stdout.WriteLine(changes.Count == 0
                    ? $"commshub: mosquitto-sync: the broker already holds the {credentials.Entries.Count} accounts of credentials.json; nothing changed"
                    : $"commshub: mosquitto-sync: {changes.Count} change(s) applied; the broker holds the {credentials.Entries.Count} accounts of credentials.json");
                return 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or FileNotFoundException
                                           or MQTTnet.Exceptions.MqttCommunicationException or System.Security.Cryptography.CryptographicException)
            {
                stderr.WriteLine($"commshub: mosquitto-sync: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}

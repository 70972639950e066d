using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using CommsHub.Cloud.Security;
using CommsHub.Dcc.Smki;

namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>
/// Writes a Mosquitto 2 set-up for the adapter's external-broker mode (<c>commshub broker mosquitto-config</c>):
/// <c>mosquitto.conf</c> with its listeners (a TLS listener with a certificate issued by the test SMKI root, and
/// optionally a plain one, both on loopback by default; no anonymous clients; TCP_NODELAY, which request/response
/// needs, MQTT-BASELINE.md), persistence, and every account in the adapter's <c>mqtt/credentials.json</c> with its
/// topics. By default (<see cref="MosquittoAccessControl.DynamicSecurity"/>) accounts and topics go to the dynamic
/// security plugin's file (<see cref="MosquittoDynamicSecurity"/>), loaded once for every listener
/// (<c>per_listener_settings false</c>: the plugin keeps one global state), which refuses a subscription no role grants.
/// With <see cref="MosquittoAccessControl.AclFile"/>: the password file (Mosquitto's PBKDF2-SHA512 <c>$7$</c> hashes,
/// through <c>mosquitto_passwd -U</c> when installed) and the ACL of <see cref="MosquittoAcl"/>, which Mosquitto checks
/// only at delivery. With the plugin, also the secret of its admin account (<see cref="MosquittoDynsecAdmin"/>, kept across
/// runs), which <c>commshub broker mosquitto-sync</c> applies later changes with. Secrets and keys are written owner-only.
/// </summary>
public static class MosquittoConfigWriter
{
    /// <summary>Writes the files; returns what was written.</summary>
    /// <exception cref="FileNotFoundException">the data directory has no credentials yet.</exception>
    /// <exception cref="InvalidOperationException">a credential's username is not an EUI or <c>adapter</c>, or <c>mosquitto_passwd</c> failed.</exception>
    public static MosquittoConfigResult Write(MosquittoConfigRequest request, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.TlsPort == 0 && request.PlainPort == 0) throw new ArgumentException("neither a TLS nor a plain listener: give a port for one");
        if (!IPAddress.TryParse(request.Address, out _)) throw new ArgumentException($"'{request.Address}' is not an IP address");
        var data = Path.GetFullPath(request.DataDirectory);
        var output = Path.GetFullPath(request.OutDirectory);
        var credentials = MqttCredentials.Load(Path.Combine(data, "mqtt", "credentials.json"));
        var entries = credentials.Entries;
        foreach (var entry in entries)
        {
            // The usernames go into the ACL and password files verbatim: anything but an EUI or "adapter" could forge lines.
            if (entry.Kind == MqttPrincipalKind.Adapter ? entry.Username != MqttCredentials.AdapterUser : !TopicAuthorization.TryParseContractEui(entry.Username, out _))
                throw new InvalidOperationException($"{credentials.Path}: '{entry.Username}' is not a {entry.Kind.ToString().ToLowerInvariant()} username (an EUI of 16 upper-case hex digits, or adapter)");
        }
        OwnerOnlyFile.CreateDirectory(output);
        var persistence = Path.Combine(output, "persistence");
        OwnerOnlyFile.CreateDirectory(persistence);

        string? certificate = null, key = null, ca = null;
        if (request.TlsPort != 0)
        {
            var smki = new SmkiFolder(Path.Combine(data, "smki"));
            new TestSmki(smki, time ?? TimeProvider.System).EnsureCa();
            using var root = SmkiFolder.LoadIssuer(smki.RootStem);
            var tls = Path.Combine(output, "tls");
            OwnerOnlyFile.CreateDirectory(tls);
            var (dns, ips) = BrokerTls.Names(new Configuration.MqttSettings { Address = request.Address, Tls = new() { HostNames = [.. request.HostNames] } });
            var (minted, _) = BrokerCertificate.LoadOrMint(Path.Combine(tls, "broker"), root, dns, ips, (time ?? TimeProvider.System).GetUtcNow());
            minted.Dispose();
            certificate = Path.Combine(tls, "broker.pem");
            key = Path.Combine(tls, "broker.key");
            ca = Path.Combine(tls, "ca.pem");
            File.Copy(smki.RootStem + ".pem", ca, overwrite: true);
        }

        string? dynamicSecurity = null, passwords = null, acl = null, adminSecretFile = null;
        string hashing;
        if (request.AccessControl == MosquittoAccessControl.DynamicSecurity)
        {
            dynamicSecurity = Path.Combine(output, "dynamic-security.json");
            var adminSecret = MosquittoDynsecAdmin.LoadOrCreateSecret(output);
            adminSecretFile = Path.Combine(output, MosquittoDynsecAdmin.SecretFileName);
            OwnerOnlyFile.Write(dynamicSecurity, s => MosquittoDynamicSecurity.Write(s, entries, adminSecret), overwrite: true);
            hashing = $"built-in PBKDF2-SHA512, {MosquittoPasswordHash.Iterations} iterations";
        }
        else
        {
            passwords = Path.Combine(output, "passwords");
            hashing = WritePasswords(passwords, entries, request.PasswdTool ?? FindOnPath("mosquitto_passwd"));
            acl = Path.Combine(output, "acl");
            OwnerOnlyFile.Write(acl, s => s.Write(Encoding.UTF8.GetBytes(MosquittoAcl.For(entries))), overwrite: true);
        }
        var config = Path.Combine(output, "mosquitto.conf");
        var security = dynamicSecurity is not null
            ? SecuritySettings.Plugin(request.DynamicSecurityPlugin ?? MosquittoDynamicSecurity.FindPlugin(), dynamicSecurity)
            : SecuritySettings.Files(passwords!, acl!);
        var text = Config(request, persistence, security, certificate, key, ca, request.RunAs ?? Environment.UserName);
        OwnerOnlyFile.Write(config, s => s.Write(Encoding.UTF8.GetBytes(text)), overwrite: true);
        return new MosquittoConfigResult(config, dynamicSecurity, passwords, acl, certificate, key, ca, persistence, entries.Count, hashing, adminSecretFile);
    }

    /// <summary>How <c>mosquitto.conf</c> checks accounts: the dynamic security plugin and its file, or a password and an ACL file.</summary>
    /// <param name="PluginPath">The plugin's shared object (null: files).</param>
    /// <param name="PluginConfig">The plugin's JSON.</param>
    /// <param name="PasswordFile">The password file (null: plugin).</param>
    /// <param name="AclFile">The ACL file.</param>
    public sealed record SecuritySettings(string? PluginPath, string? PluginConfig, string? PasswordFile, string? AclFile)
    {
        /// <summary>The dynamic security plugin at <paramref name="path"/> with <paramref name="config"/>.</summary>
        public static SecuritySettings Plugin(string path, string config) => new(path, config, null, null);

        /// <summary><c>password_file</c> and <c>acl_file</c>.</summary>
        public static SecuritySettings Files(string passwords, string acl) => new(null, null, passwords, acl);
    }

    /// <summary>The text of <c>mosquitto.conf</c>.</summary>
    public static string Config(MosquittoConfigRequest request, string persistence, SecuritySettings security,
        string? certificate, string? key, string? ca, string runAs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(security);
        var plugin = security.PluginPath is not null;
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line("# CommsHub: Mosquitto 2 for the adapter's external-broker mode (written by `commshub broker mosquitto-config`)");
        // The plugin keeps its accounts in global state: loaded per listener it would be loaded (and hold them) twice.
        Line(plugin ? "per_listener_settings false" : "per_listener_settings true");
        // Only applies when Mosquitto is started as root: the account that can read the files written here.
        Line($"user {runAs}");
        Line("persistence true");
        Line($"persistence_location {persistence}/");
        Line("autosave_interval 60");
        // Request/response needs Nagle off, and room for a window of QoS 1 messages in flight (MQTT-BASELINE.md).
        Line("set_tcp_nodelay true");
        Line("max_inflight_messages 1000");
        Line("max_queued_messages 10000");
        Line("log_dest stderr");
        Line("log_type error");
        Line("log_type warning");
        Line("log_type notice");
        if (plugin)
        {
            Line("allow_anonymous false");
            Line($"plugin {security.PluginPath}");
            Line($"plugin_opt_config_file {security.PluginConfig}");
        }
        void Listener(int port, bool tls)
        {
            Line("");
            Line($"listener {port.ToString(CultureInfo.InvariantCulture)} {request.Address}");
            Line("protocol mqtt");
            if (!plugin)
            {
                Line("allow_anonymous false");
                Line($"password_file {security.PasswordFile}");
                Line($"acl_file {security.AclFile}");
            }
            if (!tls) return;
            Line($"certfile {certificate}");
            Line($"keyfile {key}");
            Line($"cafile {ca}");
            Line("tls_version tlsv1.2");
            Line("require_certificate false");
        }
        if (request.TlsPort != 0) Listener(request.TlsPort, tls: true);
        if (request.PlainPort != 0) Listener(request.PlainPort, tls: false);
        return text.ToString();
    }

    private static string WritePasswords(string path, IReadOnlyList<MqttCredentials.Entry> entries, string? tool)
    {
        if (tool is null)
        {
            var lines = string.Concat(entries.Select(e => $"{e.Username}:{MosquittoPasswordHash.Hash(e.Secret)}\n"));
            OwnerOnlyFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(lines)), overwrite: true);
            return "built-in $7$ (PBKDF2-SHA512)";
        }
        // mosquitto_passwd -U hashes a file of username:password lines in place; the clear file is owner-only meanwhile.
        OwnerOnlyFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(string.Concat(entries.Select(e => $"{e.Username}:{e.Secret}\n")))), overwrite: true);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-U");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            File.Delete(path);
            throw new InvalidOperationException($"{tool} -U failed ({process.ExitCode}): {error.Trim()}");
        }
        return $"{tool} -U";
    }

    /// <summary>The full path of <paramref name="name"/> on the PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

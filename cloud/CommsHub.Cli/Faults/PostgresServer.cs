using System.Diagnostics;
using System.Globalization;

namespace CommsHub.Cli.Faults;

/// <summary>
/// The harness's own PostgreSQL for <c>db-outage</c>: a fresh cluster in the run folder made with Debian's server
/// binaries (<c>/usr/lib/postgresql/&lt;version&gt;/bin</c>: <c>initdb</c>, <c>pg_ctl</c>), listening on a loopback port
/// with trust authentication, so that the harness can stop and start it. PostgreSQL refuses to run as root, so when
/// the harness is root every command runs as the <c>postgres</c> user through <c>runuser</c>, and the cluster's folder
/// is handed to that user.
/// </summary>
internal sealed class PostgresServer
{
    private const string DebianRoot = "/usr/lib/postgresql";
    private readonly string _bin;
    private readonly string _folder;
    private readonly int _port;
    private readonly TextWriter _log;

    private PostgresServer(string bin, string folder, int port, TextWriter log)
    {
        _bin = bin;
        _folder = folder;
        _port = port;
        _log = log;
    }

    /// <summary>What the adapter connects with (<c>--postgres</c>).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={_port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres";

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>The newest <c>bin</c> folder under /usr/lib/postgresql holding initdb and pg_ctl, or null.</summary>
    public static string? FindBinaries()
    {
        if (!Directory.Exists(DebianRoot)) return null;
        return Directory.EnumerateDirectories(DebianRoot)
            .Select(d => (Dir: d, Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "bin"))
            .FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")));
    }

    /// <summary>Creates a cluster in <paramref name="folder"/> (which must not exist) for <paramref name="port"/>.</summary>
    /// <exception cref="InvalidOperationException">a command failed (its output is in the message).</exception>
    public static async Task<PostgresServer> CreateAsync(string bin, string folder, int port, TextWriter log, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            // The run folder above is the harness's (0700): the postgres user must be able to pass through it.
            var parent = Path.GetDirectoryName(folder)!;
            File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
            await RunAsync("chown", ["postgres", folder], log, ct).ConfigureAwait(false);
        }
        var server = new PostgresServer(bin, folder, port, log);
        await server.PgAsync("initdb", ["-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8"], ct).ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public Task StartAsync(CancellationToken ct) => PgAsync("pg_ctl",
        ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
         "-o", $"-p {_port.ToString(CultureInfo.InvariantCulture)} -k {_folder} -c listen_addresses=127.0.0.1", "start"], ct);

    /// <summary>Stops the server (fast shutdown: sessions are ended, nothing committed is lost) and waits until it is down.</summary>
    public Task StopAsync(CancellationToken ct) => PgAsync("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "-t", "60", "stop"], ct);

    private Task PgAsync(string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args], _log, ct)
            : RunAsync(path, args, _log, ct);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, TextWriter log, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        var output = (await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false)).Trim();
        var name = Path.GetFileName(args.Count > 3 && file == "runuser" ? args[3] : file);
        lock (log) log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [postgres] {name} {string.Join(' ', args.Skip(file == "runuser" ? 4 : 0))}: exit {process.ExitCode}{(output.Length > 0 ? "\n" + output : "")}");
        if (process.ExitCode != 0)
        {
            var last = output.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no output";
            throw new InvalidOperationException($"{name} failed (exit {process.ExitCode}): {last}");
        }
    }
}

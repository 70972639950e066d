using System.CommandLine;
using System.Runtime.InteropServices;
using CommsHub.Firmware.Host.Ncp;
using CommsHub.Firmware.Host.Runtime;
using CommsHub.Firmware.Net;
using CommsHub.Firmware.Host.Wan;
using Microsoft.Extensions.Logging;

namespace CommsHub.Firmware.Host.Cli;

/// <summary>
/// The <c>commshub-hub</c> command line: runs one or more virtual comms hubs until Ctrl-C / SIGTERM, then stops them
/// cleanly (RAM-held state written to flash, outbox drained for a moment, offline status published). Exit codes:
/// 0 after a clean stop, 1 bad usage or a fatal start-up error such as an unreadable <c>--ca</c>/<c>--cert</c>/<c>--key</c>
/// (one line on stderr), 3 the broker refused a hub's credentials, 4 the TLS handshake failed on trust (3 and 4: one
/// line on stderr naming the broker and the reason), 5 the <c>--ncp</c> serial port could not be opened (one line on
/// stderr naming the port and the reason).
/// </summary>
public static class HostCli
{
    /// <summary>Exit code when the <c>--ncp</c> serial port cannot be opened.</summary>
    public const int NcpUnavailable = 5;

    /// <summary>Exit code when the broker refuses a hub's user name or password (retrying would not help).</summary>
    public const int CredentialsRefused = 3;

    /// <summary>
    /// Exit code when the TLS handshake with the broker fails on trust: its certificate does not chain to <c>--ca</c> (or
    /// the system's store) or does not name the host, or the broker refused the hub's certificate.
    /// </summary>
    public const int TlsFailed = 4;

    /// <summary>How often a long start of many hubs prints <c>started N of M hub(s)</c>.</summary>
    public static readonly TimeSpan StartProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>Environment variable read when <c>--username</c> is not given.</summary>
    public const string UserNameVariable = "COMMSHUB_MQTT_USERNAME";

    /// <summary>Environment variable read when <c>--password</c> is not given (keeps the secret out of the process list).</summary>
    public const string PasswordVariable = "COMMSHUB_MQTT_PASSWORD";

    /// <summary>
    /// Environment variable read when <c>--log-level</c> is not given: the one Microsoft.Extensions configuration reads for
    /// the default level, so a harness sets the hubs' level as it sets the adapter's.
    /// </summary>
    public const string LogLevelVariable = "Logging__LogLevel__Default";

    /// <summary>Parses and runs a command line; blocks until the hubs are stopped by a signal.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, CancellationToken.None);

    /// <summary>
    /// As <see cref="Run(string[], TextWriter, TextWriter)"/>; <paramref name="stop"/> stops the hubs like Ctrl-C, and
    /// while they run, <see cref="HubCommands"/> are read from <paramref name="commands"/> (the process: stdin).
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stop, TextReader? commands = null) =>
        Run(args, stdout, stderr, Environment.GetEnvironmentVariable, options => RunHubs(options, stdout, stderr, stop, commands));

    /// <summary>
    /// Parses <paramref name="args"/>, with <paramref name="environment"/> for the variables the options fall back to,
    /// and hands the result to <paramref name="run"/> (the hubs; a test sees what the command line became).
    /// </summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, Func<HostOptions, int> run)
    {
        var broker = new Option<string>("--broker")
        {
            Description = $"MQTT broker HOST[:PORT] (port {HostOptionParsers.MqttPort}, or {HostOptionParsers.MqttTlsPort} with --tls)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var eui = new Option<string>("--eui") { Description = "CHF EUI-64 of the (first) hub", DefaultValueFactory = _ => "00DB1234567890A2" };
        var keys = new Option<DirectoryInfo?>("--keys")
        {
            Description = "Keystore folder, RTDS layout <eui>[-pp]-<ka|ds>.<pem|key>: the hub's own CHF private keys if present "
                + "(else generated under --data), trust anchor public keys (ACB, supplier, network operator), meter keys",
        };
        var acb = new Option<string>("--acb") { Description = "EUI-64 of the Access Control Broker", DefaultValueFactory = _ => "90B3D51F30000002" };
        var supplier = new Option<string>("--supplier") { Description = "EUI-64 of the supplier trust anchor", DefaultValueFactory = _ => "90B3D51F30010000" };
        var networkOperator = new Option<string>("--network-operator") { Description = "EUI-64 of the network operator trust anchor", DefaultValueFactory = _ => "90B3D51F30020000" };
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Data folder: flash images (device log, counters, logs, outbox) and keys, one subfolder per hub",
            DefaultValueFactory = _ => new DirectoryInfo("commshub-hub-data"),
        };
        var count = new Option<int>("--count") { Description = "Hubs to run in this process (EUIs count up from --eui)", DefaultValueFactory = _ => 1 };
        var meters = new Option<string[]>("--meters")
        {
            Description = "Simulated devices per hub, kind:EUI[:installcode-hex] with kind esme|gsme|ihd (EUIs offset by 0x100 per further hub); "
                + "default: the RTDS ESME 00DB1234567890A0 and GSME 00DB1234567890A1",
            AllowMultipleArgumentsPerToken = true,
        };
        var username = new Option<string?>("--username")
        {
            Description = $"MQTT user name of every hub (else ${UserNameVariable}); with a password but no user name, each hub logs in "
                + "as its own EUI, as the adapter's embedded broker expects",
        };
        var password = new Option<string?>("--password")
        {
            Description = $"MQTT password (else ${PasswordVariable}, which keeps it out of the process list); for the adapter's embedded "
                + "broker, the hub's secret in the adapter's <data>/mqtt/credentials.json",
        };
        var tls = new Option<bool>("--tls")
        {
            Description = "MQTT over TLS 1.2/1.3 (the adapter's --mqtt-tls endpoint); the broker's certificate must chain to --ca, "
                + "else to the system's trust store, and name the --broker host",
        };
        var ca = new Option<FileInfo?>("--ca")
        {
            Description = "With --tls: PEM file of the CA certificate(s) to trust the broker with (the adapter's: <data>/smki/ca/root.pem)",
        };
        var cert = new Option<FileInfo?>("--cert")
        {
            Description = "With --tls: PEM certificate for client-certificate login (the adapter's broker maps its EUI to the hub; "
                + "a hub's is <data>/smki/keys/<eui>-ds.pem); needs --key",
        };
        var key = new Option<FileInfo?>("--key") { Description = "With --tls: the unencrypted PEM private key of --cert" };
        var recordExecutions = new Option<bool>("--record-executions")
        {
            Description = $"Append a line per command a simulated device executes to <data>/<EUI>/{ExecutionRecord.FileName} "
                + "(device, originator, counter, supplementary remote party and counter, message code), flushed before it runs",
        };
        var ncp = new Option<string?>("--ncp")
        {
            Description = "Serial port of a real ZigBee NCP (EmberZNet, EZSP 8-13 over ASH), e.g. /dev/ttyUSB0: the hub's HAN "
                + "runs on it instead of simulated meters (one hub only)",
        };
        var euiStep = new Option<string>("--eui-step")
        {
            Description = "With --count: hex step between hubs' EUIs (default 1; 100 matches the meters' per-hub offset, as the adapter's minted hubs do)",
            DefaultValueFactory = _ => "1",
        };
        var wanWindow = new Option<int>("--wan-window")
        {
            Description = "Up frames in flight to the broker per hub, awaiting their PUBACK (a board uses 1); each PUBACK sends the next at once",
            DefaultValueFactory = _ => 16,
        };
        var logLevel = new Option<string?>("--log-level")
        {
            Description = $"Least level of the console log: Trace, Debug, Information (default; a line per down frame), Warning, Error, Critical or None (else ${LogLevelVariable})",
        };
        var ncpBaud = new Option<int>("--ncp-baud") { Description = "Baud rate of the --ncp UART", DefaultValueFactory = _ => 115200 };
        var root = new RootCommand("commshub-hub: virtual GB smart-metering comms hub(s) on MQTT with simulated HAN devices; " + HubCommands.Usage)
        {
            broker, eui, keys, acb, supplier, networkOperator, data, count, meters, username, password, tls, ca, cert, key, recordExecutions, ncp, ncpBaud, wanWindow, euiStep, logLevel,
        };
        root.SetAction(parse =>
        {
            HostOptions options;
            try
            {
                bool useTls = parse.GetValue(tls);
                var (host, port) = HostOptionParsers.ParseBroker(parse.GetValue(broker)!, useTls ? HostOptionParsers.MqttTlsPort : HostOptionParsers.MqttPort);
                var tlsSettings = TlsSettings(useTls, parse.GetValue(ca), parse.GetValue(cert), parse.GetValue(key));
                var keyDir = parse.GetValue(keys);
                if (keyDir is not null && !keyDir.Exists) throw new FormatException($"keys folder not found: {keyDir.FullName}");
                int n = parse.GetValue(count);
                if (n is < 1 or > 100_000) throw new FormatException("--count must be 1..100000");
                var meterTexts = parse.GetValue(meters);
                string? ncpPort = parse.GetValue(ncp);
                int baud = parse.GetValue(ncpBaud);
                if (ncpPort is not null)
                {
                    if (ncpPort.Length == 0) throw new FormatException("--ncp needs a serial port name, e.g. /dev/ttyUSB0");
                    if (n != 1) throw new FormatException("--ncp drives one hub: --count must be 1");
                    if (meterTexts is { Length: > 0 }) throw new FormatException("--meters simulates devices; with --ncp the devices are real");
                }
                if (baud is < 1200 or > 4_000_000) throw new FormatException("--ncp-baud must be 1200..4000000");
                if (!ulong.TryParse(parse.GetValue(euiStep), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var step)
                    || step is 0 or > 0xFFFFFFFF)
                    throw new FormatException("--eui-step must be a hex number from 1 to FFFFFFFF");
                int window = parse.GetValue(wanWindow);
                if (window is < 1 or > CommsHub.Firmware.Core.Wan.WanLinkOptions.MaxWindow)
                    throw new FormatException($"--wan-window must be 1..{CommsHub.Firmware.Core.Wan.WanLinkOptions.MaxWindow}");
                options = new HostOptions
                {
                    BrokerHost = host,
                    BrokerPort = port,
                    MqttUserName = OptionOrVariable(parse.GetValue(username), environment, UserNameVariable),
                    MqttPassword = OptionOrVariable(parse.GetValue(password), environment, PasswordVariable),
                    Tls = tlsSettings,
                    Eui = HostOptionParsers.ParseEui(parse.GetValue(eui)!),
                    KeysDirectory = keyDir?.FullName,
                    Acb = HostOptionParsers.ParseEui(parse.GetValue(acb)!),
                    Supplier = HostOptionParsers.ParseEui(parse.GetValue(supplier)!),
                    NetworkOperator = HostOptionParsers.ParseEui(parse.GetValue(networkOperator)!),
                    DataDirectory = parse.GetValue(data)!.FullName,
                    Count = n,
                    RecordExecutions = parse.GetValue(recordExecutions),
                    Meters = meterTexts is { Length: > 0 }
                        ? meterTexts.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(MeterSpec.Parse).ToList()
                        : ncpPort is null ? MeterSpec.Defaults : [],
                    NcpPort = ncpPort,
                    NcpBaud = baud,
                    WanWindow = window,
                    EuiStep = step,
                    LogLevel = ParseLogLevel(OptionOrVariable(parse.GetValue(logLevel), environment, LogLevelVariable)),
                };
            }
            catch (FormatException e)
            {
                stderr.WriteLine($"commshub-hub: {e.Message}");
                return 1;
            }
            return run(options);
        });
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }
        catch (Exception e)
        {
            stderr.WriteLine($"commshub-hub: {e.Message}");
            return 1;
        }
    }

    // The files are read now, so an unreadable one is a usage error before any hub starts.
    private static WanTlsSettings? TlsSettings(bool useTls, FileInfo? ca, FileInfo? cert, FileInfo? key)
    {
        if (!useTls)
        {
            // Never fall back to plain MQTT when TLS material was given: the user meant TLS.
            if (ca is not null || cert is not null || key is not null) throw new FormatException("--ca, --cert and --key need --tls");
            return null;
        }
        return WanTlsSettings.Load(ca?.FullName, cert?.FullName, key?.FullName);
    }

    // Null: Information. Names only (as Microsoft.Extensions configuration takes them), any case; a number is refused.
    private static LogLevel ParseLogLevel(string? text)
    {
        if (text is null) return LogLevel.Information;
        if (!text.All(char.IsAsciiLetter) || !Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level))
            throw new FormatException($"log level '{text}' must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}");
        return level;
    }

    // An option given on the command line wins; an empty variable counts as unset.
    private static string? OptionOrVariable(string? option, Func<string, string?> environment, string variable) =>
        option ?? (environment(variable) is { Length: > 0 } value ? value : null);

    private static int RunHubs(HostOptions options, TextWriter stdout, TextWriter stderr, CancellationToken external, TextReader? commands)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(external);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        }).SetMinimumLevel(options.LogLevel));
        Stream? ncpPort = null;
        NcpRadio? radio = null;
        if (options.NcpPort is not null)
        {
            try
            {
                ncpPort = SerialNcpPort.Open(options.NcpPort, options.NcpBaud);
            }
            catch (NcpPortException e)
            {
                stderr.WriteLine($"commshub-hub: {e.Message}");
                return NcpUnavailable;
            }
            var port = ncpPort;
            options = options with { Radio = loop => radio = new NcpRadio(port, loop, SystemClock.Instance, options.Eui, loggers.CreateLogger("ncp")) };
        }
        using var closeRadio = new DisposeAction(() => { if (radio is not null) radio.Dispose(); else ncpPort?.Dispose(); });
        HubFleet fleet;
        try
        {
            var progress = new StartProgress(stdout, options.Count, StartProgressInterval, () => DateTime.UtcNow);
            fleet = HubFleet.Start(options, loggers, started: progress.Started);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            stderr.WriteLine($"commshub-hub: {e.Message}");
            return 1;
        }
        string brokerName = $"{options.BrokerHost}:{options.BrokerPort}";
        stdout.WriteLine($"commshub-hub: {fleet.Hubs.Count} hub(s) running against {brokerName}{(options.Tls is null ? "" : " (TLS)")}, data in {options.DataDirectory}; Ctrl-C stops");
        if (commands is not null) new HubCommands(fleet.Hubs, stdout).Listen(commands);
        // Refused credentials and distrusted certificates stay so: stop at once with the reason rather than retry for ever.
        WaitHandle.WaitAny([stop.Token.WaitHandle, ((IAsyncResult)fleet.Refused).AsyncWaitHandle]);
        stdout.WriteLine("commshub-hub: stopping");
        fleet.StopAsync(TimeSpan.FromSeconds(3)).GetAwaiter().GetResult();
        stdout.WriteLine("commshub-hub: stopped");
        if (!fleet.Refused.IsCompleted) return 0;
        var refusal = fleet.Refused.Result;
        if (refusal.Kind == WanRefusalKind.Tls)
        {
            stderr.WriteLine($"commshub-hub: TLS with broker {brokerName} failed for {refusal.Reason}");
            return TlsFailed;
        }
        stderr.WriteLine($"commshub-hub: broker {brokerName} refused {refusal.Reason}");
        return CredentialsRefused;

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true; // we stop ourselves, cleanly
            stop.Cancel();
        }
    }

    private sealed class DisposeAction(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

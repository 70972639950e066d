namespace CommsHub.Firmware.Host.Cli;

/// <summary>The parsed command line of <c>commshub-hub</c>.</summary>
public sealed record HostOptions
{
    /// <summary>Broker host.</summary>
    public string BrokerHost { get; init; } = "127.0.0.1";

    /// <summary>Broker port.</summary>
    public int BrokerPort { get; init; } = 1883;

    /// <summary>
    /// MQTT user name of every hub, or null: then, when <see cref="MqttPassword"/> is set, each hub's own EUI (16
    /// upper-case hex digits, the user name the adapter's embedded broker expects), else no credentials at all.
    /// </summary>
    public string? MqttUserName { get; init; }

    /// <summary>MQTT password (the embedded broker's: the hub's <c>secret</c> in the adapter's <c>mqtt/credentials.json</c>), or null.</summary>
    public string? MqttPassword { get; init; }

    /// <summary>TLS to the broker (<c>--tls</c>, <c>--ca</c>, <c>--cert</c>/<c>--key</c>), or null for plain MQTT.</summary>
    public CommsHub.Firmware.Host.Wan.WanTlsSettings? Tls { get; init; }

    /// <summary>EUI of the first hub (the others count up from it).</summary>
    public ulong Eui { get; init; } = 0x00DB1234567890A2;

    /// <summary>Keystore folder in the RTDS layout (hub keys if present, trust anchors, meter keys), or null.</summary>
    public string? KeysDirectory { get; init; }

    /// <summary>The Access Control Broker's EUI.</summary>
    public ulong Acb { get; init; } = 0x90B3D51F30000002;

    /// <summary>The supplier whose keys become the supplier trust anchor.</summary>
    public ulong Supplier { get; init; } = 0x90B3D51F30010000;

    /// <summary>The network operator whose keys become the network operator trust anchor.</summary>
    public ulong NetworkOperator { get; init; } = 0x90B3D51F30020000;

    /// <summary>Data folder (one subfolder per hub, named by its EUI).</summary>
    public string DataDirectory { get; init; } = "commshub-hub-data";

    /// <summary>Hubs to run in this process.</summary>
    public int Count { get; init; } = 1;

    /// <summary><c>--eui-step</c>: hub i has EUI <see cref="Eui"/> + i x this (default 1).</summary>
    public ulong EuiStep { get; init; } = 1;

    /// <summary>The user name hub <paramref name="eui"/> logs in with (see <see cref="MqttUserName"/>), or null.</summary>
    public string? UserNameFor(ulong eui) =>
        MqttUserName ?? (MqttPassword is null ? null : CommsHub.Protocol.Encoding.Eui64.ToText(eui));

    /// <summary>
    /// <c>--record-executions</c>: append a line per command a device executes to each hub's
    /// <see cref="Runtime.ExecutionRecord.FileName"/> (for the fault harness, <c>commshub faults</c>).
    /// </summary>
    public bool RecordExecutions { get; init; }

    /// <summary>Devices in range of each hub (EUIs offset per hub, see <see cref="MeterSpec.ForHub"/>).</summary>
    public IReadOnlyList<MeterSpec> Meters { get; init; } = MeterSpec.Defaults;

    /// <summary>Serial port of a real ZigBee NCP (EZSP over ASH); null runs the simulated HAN.</summary>
    public string? NcpPort { get; init; }

    /// <summary><c>--wan-window</c>: up frames in flight per hub (see <see cref="Runtime.VirtualHubOptions.WanWindow"/>).</summary>
    public int WanWindow { get; init; } = 16;

    /// <summary>
    /// Least level of the console log (<c>--log-level</c>, else the <c>Logging__LogLevel__Default</c> variable, else
    /// Information). Each down frame is a line at Information; a rig under load (the bench) runs at Warning.
    /// </summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>The NCP UART's baud rate.</summary>
    public int NcpBaud { get; init; } = 115200;

    /// <summary>The opened NCP as the first hub's radio (set once <see cref="NcpPort"/> is open; not a command-line value).</summary>
    public Func<Runtime.IHubScheduler, CommsHub.Firmware.Core.Han.IHanNetwork>? Radio { get; init; }
}

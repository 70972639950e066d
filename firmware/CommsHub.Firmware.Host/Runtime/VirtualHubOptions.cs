using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Host.Runtime;

/// <summary>Everything one <see cref="VirtualHub"/> is started with.</summary>
public sealed class VirtualHubOptions
{
    /// <summary>The CHF's EUI-64.</summary>
    public required ulong Eui { get; init; }

    /// <summary>Folder of this hub's flash images and device state (created when missing).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The CHF's key-agreement private key.</summary>
    public required IGbcsPrivateKey KeyAgreementKey { get; init; }

    /// <summary>The CHF's digital-signature private key.</summary>
    public required IGbcsPrivateKey DigitalSignatureKey { get; init; }

    /// <summary>Trust anchor cells to install (persisted; cells already on flash for other roles stay).</summary>
    public IReadOnlyList<TrustAnchorCell> TrustAnchors { get; init; } = [];

    /// <summary>Broker host name or address.</summary>
    public string BrokerHost { get; init; } = "127.0.0.1";

    /// <summary>Broker TCP port.</summary>
    public int BrokerPort { get; init; } = 1883;

    /// <summary>MQTT user name (the embedded broker expects the hub's EUI), or null for an open broker.</summary>
    public string? MqttUserName { get; init; }

    /// <summary>MQTT password, or null.</summary>
    public string? MqttPassword { get; init; }

    /// <summary>TLS to the broker (trust, client certificate), or null for plain MQTT.</summary>
    public CommsHub.Firmware.Host.Wan.WanTlsSettings? Tls { get; init; }

    /// <summary>Firmware version the CHF reports in ECS52 (4 bytes as RTDS).</summary>
    public byte[] FirmwareVersion { get; init; } = [0x01, 0x00, 0x00, 0x00];

    /// <summary>Simulated devices in radio range of this hub (they join only through its device log).</summary>
    public IReadOnlyList<VirtualMeter> Meters { get; init; } = [];

    /// <summary>First reconnect delay in ms (the link doubles it up to <see cref="BackoffMaxMs"/>, with jitter).</summary>
    public int BackoffBaseMs { get; init; } = 1000;

    /// <summary>Largest reconnect delay in ms.</summary>
    public int BackoffMaxMs { get; init; } = 60_000;

    /// <summary>How often the hub loop runs its timers (WAN link, HAN bridge, device polls).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Make every flash write reach the disk before it returns (slower; survives an OS crash).</summary>
    public bool WriteThrough { get; init; }

    /// <summary>
    /// Frames the WAN outbox queues at most (default <see cref="Storage.HubFlash.OutboxCapacity"/>). Smaller makes the
    /// hub hold back the WAN sooner (tests); the flash layout does not change.
    /// </summary>
    public int OutboxCapacity { get; init; } = Storage.HubFlash.OutboxCapacity;

    /// <summary>
    /// Commands the WAN link holds while the engine cannot take them (default 1024). Large because the embedded broker
    /// (MQTTnet's server) does not honour the MQTT 5 Receive Maximum the hub asks for, so it sends a burst whole.
    /// </summary>
    public int InboxCapacity { get; init; } = 1024;

    /// <summary>
    /// Up frames in flight to the broker at once, awaiting their PUBACK (default 16; a board uses 1). Each PUBACK sends
    /// the next frame at once, so a hub answers at the broker's round-trip rate times this window.
    /// </summary>
    public int WanWindow { get; init; } = 16;

    /// <summary>
    /// Seconds the oldest up frame in flight may wait for its PUBACK before the hub closes the connection and sends it
    /// again on a new one (default 30, the link's default).
    /// </summary>
    public int AckTimeoutSeconds { get; init; } = 30;

    /// <summary>
    /// A real radio for the bridge instead of the simulated HAN (given the hub's loop, to which it posts radio events);
    /// null: the simulated HAN with <see cref="Meters"/>.
    /// </summary>
    public Func<IHubScheduler, CommsHub.Firmware.Core.Han.IHanNetwork>? Radio { get; init; }
}

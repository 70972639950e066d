using CommsHub.Protocol.Net.Mqtt;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Diagnostics.PacketInspection;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace CommsHub.Firmware.Host.Wan;

/// <summary>
/// MQTTnet's client adapter for TCP, with fewer system calls per packet: reads through a <see cref="BufferedMqttChannel"/>
/// and each packet written in one piece. Pass it to <see cref="MqttClientFactory.CreateMqttClient(IMqttClientAdapterFactory)"/>.
/// </summary>
/// <remarks>
/// MQTTnet's own factory builds the same adapter over the bare <see cref="MqttTcpChannel"/> and, by default, writes a
/// PUBLISH as two writes (header, then payload) to save copying the payload: two send calls, and often two TCP segments the
/// broker then reads one by one. A payload here is a few KB, cheaper to copy than a system call. WebSocket connections are
/// left to MQTTnet's factory unchanged.
/// </remarks>
public sealed class BufferedMqttClientAdapterFactory : IMqttClientAdapterFactory
{
    /// <summary>The one instance (the factory holds no state).</summary>
    public static BufferedMqttClientAdapterFactory Instance { get; } = new();

    private static readonly MqttClientAdapterFactory Default = new();

    /// <inheritdoc/>
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChannelOptions is not MqttClientTcpOptions) return Default.CreateClientAdapter(options, packetInspector, logger);
        var channel = new BufferedMqttChannel(new MqttTcpChannel(options));
        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(channel, formatter, logger)
        {
            AllowPacketFragmentation = false,
            PacketInspector = packetInspector,
        };
    }
}

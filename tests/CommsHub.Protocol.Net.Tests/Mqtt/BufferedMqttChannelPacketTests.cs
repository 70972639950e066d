using System.Buffers;
using CommsHub.Protocol.Net.Mqtt;
using MQTTnet.Adapter;
using MQTTnet.Channel;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Xunit;

namespace CommsHub.Protocol.Net.Tests.Mqtt;

/// <summary>
/// MQTTnet's own packet reader (<see cref="MqttChannelAdapter"/>, as the broker and the clients run it) over a
/// <see cref="BufferedMqttChannel"/>: whatever the connection's segmentation, the packets come out whole and in order,
/// and a connection that ends or breaks mid-packet ends as it does without the buffer.
/// </summary>
public class BufferedMqttChannelPacketTests
{
    [Theory]
    [InlineData(1, 64)] // every byte its own segment, packets spanning many blocks
    [InlineData(7, 64)]
    [InlineData(1000, 64)]
    [InlineData(7, 16 * 1024)]
    [InlineData(int.MaxValue, 16 * 1024)]
    public async Task Packets_split_anywhere_by_the_connection_come_out_whole_and_in_order(int segment, int block)
    {
        var sent = new MqttPacket[] { Publish(1, 2048), PubAck(1), Publish(2, 300), new MqttPingReqPacket(), Publish(3, 0), PubAck(2) };
        var adapter = Reader(new ScriptedMqttChannel(Encode(sent)) { MaxChunk = segment }, block, out _);
        foreach (var expected in sent) AssertSame(expected, await adapter.ReceivePacketAsync(CancellationToken.None));
        Assert.Null(await adapter.ReceivePacketAsync(CancellationToken.None)); // then the peer's close
    }

    [Fact]
    public async Task Packets_that_arrived_together_are_read_from_the_connection_in_one_call()
    {
        var sent = Enumerable.Range(1, 5).SelectMany(i => new MqttPacket[] { Publish((ushort)i, 2048), PubAck((ushort)i) }).ToArray();
        var buffered = Reader(new ScriptedMqttChannel(Encode(sent)), BufferedMqttChannel.DefaultBlockSize, out var connection);
        foreach (var expected in sent) AssertSame(expected, await buffered.ReceivePacketAsync(CancellationToken.None));
        Assert.Equal(1, connection.Reads);

        // The same bytes straight from the connection: the header, the length and the body each cost a read.
        var direct = new ScriptedMqttChannel(Encode(sent));
        var unbuffered = new MqttChannelAdapter(direct, Formatter(), MqttNetNullLogger.Instance);
        foreach (var expected in sent) AssertSame(expected, await unbuffered.ReceivePacketAsync(CancellationToken.None));
        Assert.True(direct.Reads >= 2 * sent.Length, $"{direct.Reads} reads");
    }

    [Fact]
    public async Task A_payload_near_the_brokers_packet_limit_arrives_whole_in_block_sized_reads()
    {
        // The broker's default MaxPacketBytes is 1 MiB + 4 KiB: a 1 MiB DUIS request and its topic.
        var sent = new MqttPacket[] { Publish(9, 1024 * 1024), PubAck(9) };
        var adapter = Reader(new ScriptedMqttChannel(Encode(sent)) { MaxChunk = 65536 }, BufferedMqttChannel.DefaultBlockSize, out var connection);
        foreach (var expected in sent) AssertSame(expected, await adapter.ReceivePacketAsync(CancellationToken.None));
        Assert.InRange(connection.Reads, 64, 66); // 1 MiB in 16 KiB blocks, then the few bytes left
    }

    [Theory]
    [InlineData(1)] // inside the fixed header
    [InlineData(3)] // inside the multi-byte remaining length
    [InlineData(100)] // inside the body
    public async Task A_peer_that_closes_mid_packet_ends_the_connection_after_the_whole_packets(int cut)
    {
        var whole = Encode([Publish(1, 500)]);
        var broken = Encode([Publish(2, 500)]);
        var adapter = Reader(new ScriptedMqttChannel([.. whole, .. broken.AsSpan(0, cut)]) { MaxChunk = 13 }, 64, out _);
        AssertSame(Publish(1, 500), await adapter.ReceivePacketAsync(CancellationToken.None));
        Assert.Null(await adapter.ReceivePacketAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_malformed_remaining_length_is_still_a_protocol_violation()
    {
        // Five length bytes: MQTT allows four. MQTTnet's reader fails the same way with or without the buffer (its
        // wrapping depends on whether the read completed at once, as these do).
        byte[] bytes = [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0, 0];
        var buffered = Reader(new ScriptedMqttChannel(bytes), 64, out _);
        var direct = new MqttChannelAdapter(new ScriptedMqttChannel(bytes), Formatter(), MqttNetNullLogger.Instance);
        var viaBuffer = await Assert.ThrowsAnyAsync<MqttCommunicationException>(() => buffered.ReceivePacketAsync(CancellationToken.None));
        var straight = await Assert.ThrowsAnyAsync<MqttCommunicationException>(() => direct.ReceivePacketAsync(CancellationToken.None));
        Assert.Contains("Remaining length is invalid", viaBuffer.Message, StringComparison.Ordinal);
        Assert.Equal(straight.GetType(), viaBuffer.GetType());
        Assert.Equal(straight.Message, viaBuffer.Message);
    }

    [Fact]
    public async Task A_read_waiting_on_a_quiet_connection_ends_when_cancelled_and_buffered_bytes_are_served_first()
    {
        var sent = new MqttPacket[] { PubAck(1), PubAck(2) };
        var connection = new ScriptedMqttChannel(Encode(sent)) { WaitWhenDrained = true };
        var channel = new BufferedMqttChannel(connection, 64);
        var adapter = new MqttChannelAdapter(channel, Formatter(), MqttNetNullLogger.Instance);
        AssertSame(sent[0], await adapter.ReceivePacketAsync(CancellationToken.None));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        // What is buffered is handed out without touching the connection...
        var second = new byte[4];
        Assert.Equal(4, await channel.ReadAsync(second, 0, 4, cancelled.Token));
        Assert.Equal(1, connection.Reads);
        // ...and a read that has to wait for the connection ends with the cancellation.
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.ReadAsync(second, 0, 4, soon.Token));
        using var soonAgain = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.Null(await adapter.ReceivePacketAsync(soonAgain.Token)); // MQTTnet's reader: cancelled, no packet
    }

    private static MqttChannelAdapter Reader(ScriptedMqttChannel connection, int block, out ScriptedMqttChannel inner)
    {
        inner = connection;
        return new MqttChannelAdapter(new BufferedMqttChannel(connection, block), Formatter(), MqttNetNullLogger.Instance);
    }

    private static MqttPacketFormatterAdapter Formatter() => new(MqttProtocolVersion.V500, new MqttBufferWriter(4096, 65536));

    private static MqttPublishPacket Publish(ushort id, int payloadBytes) => new()
    {
        Topic = $"chub/00000000000000{id:X2}/up",
        QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
        PacketIdentifier = id,
        PayloadSegment = new ArraySegment<byte>(Enumerable.Range(0, payloadBytes).Select(i => (byte)(i * 31 + id)).ToArray()),
    };

    private static MqttPubAckPacket PubAck(ushort id) => new() { PacketIdentifier = id };

    private static byte[] Encode(IEnumerable<MqttPacket> packets)
    {
        var formatter = Formatter();
        var bytes = new List<byte>();
        foreach (var packet in packets)
        {
            bytes.AddRange(formatter.Encode(packet).Join());
            formatter.Cleanup();
        }
        return [.. bytes];
    }

    private static void AssertSame(MqttPacket expected, MqttPacket? got)
    {
        Assert.NotNull(got);
        Assert.Equal(expected.GetType(), got.GetType());
        switch (expected)
        {
            case MqttPublishPacket publish:
                var p = (MqttPublishPacket)got;
                Assert.Equal(publish.Topic, p.Topic);
                Assert.Equal(publish.PacketIdentifier, p.PacketIdentifier);
                Assert.Equal(publish.Payload.ToArray(), p.Payload.ToArray());
                break;
            case MqttPubAckPacket ack:
                Assert.Equal(ack.PacketIdentifier, ((MqttPubAckPacket)got).PacketIdentifier);
                break;
        }
    }
}

using CommsHub.Protocol.Net.Mqtt;
using Xunit;

namespace CommsHub.Protocol.Net.Tests.Mqtt;

public class BufferedMqttChannelTests
{
    [Fact]
    public async Task Small_reads_are_served_from_one_read_of_the_connection_in_order()
    {
        var bytes = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var inner = new ScriptedMqttChannel(bytes);
        var channel = new BufferedMqttChannel(inner, 64);
        var got = new List<byte>();
        var buffer = new byte[5];
        // MQTTnet's reader: 2 bytes, 1 byte, then the rest in chunks.
        foreach (var ask in new[] { 2, 1, 5, 5, 5 })
        {
            int n = await channel.ReadAsync(buffer, 0, ask, CancellationToken.None);
            got.AddRange(buffer.Take(n));
        }
        Assert.Equal(1, inner.Reads);
        while (got.Count < bytes.Length)
        {
            int n = await channel.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None);
            Assert.True(n > 0);
            got.AddRange(buffer.Take(n));
        }
        Assert.Equal(bytes, got);
        Assert.Equal(2, inner.Reads);
        Assert.Equal(0, await channel.ReadAsync(buffer, 0, 1, CancellationToken.None)); // the connection's end passes through
    }

    [Fact]
    public async Task A_read_as_large_as_a_block_goes_straight_to_the_connection_and_a_new_connection_drops_old_bytes()
    {
        var inner = new ScriptedMqttChannel(Enumerable.Range(0, 200).Select(i => (byte)i).ToArray());
        var channel = new BufferedMqttChannel(inner, 32);
        var small = new byte[1];
        await channel.ReadAsync(small, 0, 1, CancellationToken.None);
        Assert.Equal(31, channel.Buffered);
        await channel.ConnectAsync(CancellationToken.None);
        Assert.Equal(0, channel.Buffered);
        var large = new byte[64];
        Assert.Equal(64, await channel.ReadAsync(large, 0, 64, CancellationToken.None));
        Assert.Equal(32, large[0]);
        Assert.Equal(0, channel.Buffered);
    }
}

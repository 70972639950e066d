using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace CommsHub.Protocol.Net.Tests.Mqtt;

/// <summary>
/// A connection that hands out <paramref name="bytes"/> in reads of at most what was asked and at most
/// <see cref="MaxChunk"/> bytes (a TCP stream's arbitrary segmentation); once they are out, it either ends (a read
/// returns 0, the peer closed) or, with <see cref="WaitWhenDrained"/>, waits until the read is cancelled.
/// </summary>
internal sealed class ScriptedMqttChannel(byte[] bytes) : IMqttChannel
{
    private int _at;

    /// <summary>Read calls made (each a system call on a real connection).</summary>
    public int Reads { get; private set; }

    /// <summary>The most bytes one read hands out.</summary>
    public int MaxChunk { get; init; } = int.MaxValue;

    /// <summary>When the bytes are out, wait for cancellation instead of ending.</summary>
    public bool WaitWhenDrained { get; init; }

    public X509Certificate2 ClientCertificate => null!;

    public EndPoint RemoteEndPoint => new IPEndPoint(IPAddress.Loopback, 1);

    public EndPoint LocalEndPoint => new IPEndPoint(IPAddress.Loopback, 2);

    public bool IsSecureConnection => false;

    public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Reads++;
        if (_at == bytes.Length && WaitWhenDrained) await Task.Delay(Timeout.Infinite, cancellationToken);
        int n = Math.Min(Math.Min(count, MaxChunk), bytes.Length - _at);
        Array.Copy(bytes, _at, buffer, offset, n);
        _at += n;
        return n;
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}

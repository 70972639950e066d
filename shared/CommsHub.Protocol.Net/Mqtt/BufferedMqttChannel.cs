using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace CommsHub.Protocol.Net.Mqtt;

/// <summary>
/// An MQTTnet channel that reads its connection in blocks and hands the packet reader its small reads from memory.
/// </summary>
/// <remarks>
/// MQTTnet's packet reader asks the channel for each packet's 2-byte fixed header, then one byte per further length byte,
/// then the body: three socket reads for a 2 KB PUBLISH and two for a PUBACK, each a system call (and, when nothing has
/// arrived yet, a failed one and a wait). Measured on the bench's users: 7.5 receive calls per request. Reading up to a
/// block at once serves those reads, and any packets that arrived together, from one call. Only the reading side is
/// buffered: writes go straight through (the adapters that use this channel, the firmware host's client adapter factory
/// and the adapter's embedded broker, send each packet in one write). Reads come from one receive loop at a time, as
/// MQTTnet's adapter makes them, so the buffer needs no lock.
/// </remarks>
public sealed class BufferedMqttChannel : IMqttChannel
{
    /// <summary>Bytes read from the connection at most per call (a few PUBLISHes of the bench's size).</summary>
    public const int DefaultBlockSize = 16 * 1024;

    private readonly IMqttChannel _inner;
    private readonly byte[] _block;
    private int _next, _end;

    /// <summary>Buffers the reads of <paramref name="inner"/> in blocks of <paramref name="blockSize"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">a block size below 16 bytes.</exception>
    public BufferedMqttChannel(IMqttChannel inner, int blockSize = DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 16);
        _inner = inner;
        _block = new byte[blockSize];
    }

    /// <summary>Bytes read from the connection and not yet handed out.</summary>
    public int Buffered => _end - _next;

    /// <inheritdoc/>
    public X509Certificate2 ClientCertificate => _inner.ClientCertificate;

    /// <inheritdoc/>
    public EndPoint RemoteEndPoint => _inner.RemoteEndPoint;

    /// <inheritdoc/>
    public EndPoint LocalEndPoint => _inner.LocalEndPoint;

    /// <inheritdoc/>
    public bool IsSecureConnection => _inner.IsSecureConnection;

    /// <inheritdoc/>
    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        // A new connection starts with nothing buffered (bytes of an earlier one must never be read as this one's).
        _next = _end = 0;
        return _inner.ConnectAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task DisconnectAsync(CancellationToken cancellationToken) => _inner.DisconnectAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count == 0) return Task.FromResult(0);
        if (_next < _end) return Task.FromResult(Take(buffer, offset, count));
        // Nothing buffered and a read as large as a block: straight into the caller's buffer, no copy.
        if (count >= _block.Length) return _inner.ReadAsync(buffer, offset, count, cancellationToken);
        return FillAndTakeAsync(buffer, offset, count, cancellationToken);
    }

    /// <inheritdoc/>
    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();

    private async Task<int> FillAndTakeAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        int n = await _inner.ReadAsync(_block, 0, _block.Length, cancellationToken).ConfigureAwait(false);
        // 0 is the connection's end (and a negative count is the inner channel's own signal): passed on as it came.
        if (n <= 0) return n;
        (_next, _end) = (0, n);
        return Take(buffer, offset, count);
    }

    private int Take(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(count, _end - _next);
        Buffer.BlockCopy(_block, _next, buffer, offset, n);
        _next += n;
        return n;
    }
}

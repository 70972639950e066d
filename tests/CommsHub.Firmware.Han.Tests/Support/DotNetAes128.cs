using System.Buffers.Binary;
using System.Security.Cryptography;
using CommsHub.Firmware.Core.Crypto;

namespace CommsHub.Firmware.Han.Tests.Support;

/// <summary>
/// IAes128 over System.Security.Cryptography (single-block ECB). AES-MMO re-keys on every block and setting a .NET
/// key costs microseconds, so keyed instances are cached: the torn-write replays hash the same codes hundreds of
/// times. Not thread-safe: one per thread.
/// </summary>
public sealed class DotNetAes128 : IAes128, IDisposable
{
    private const int MaxCached = 256;
    private readonly Dictionary<UInt128, Aes> _byKey = new();

    public void EncryptBlock(byte[] key, byte[] input, int inputOffset, byte[] output, int outputOffset)
    {
        var id = BinaryPrimitives.ReadUInt128BigEndian(key);
        if (!_byKey.TryGetValue(id, out var aes))
        {
            if (_byKey.Count >= MaxCached) Clear();
            aes = Aes.Create();
            aes.Key = (byte[])key.Clone();
            _byKey[id] = aes;
        }
        var block = input.AsSpan(inputOffset, 16).ToArray(); // the contract allows output to overlap input
        aes.EncryptEcb(block, output.AsSpan(outputOffset, 16), PaddingMode.None);
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var a in _byKey.Values) a.Dispose();
        _byKey.Clear();
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using CommsHub.Firmware.Core.Crypto;

namespace CommsHub.Firmware.Net;

/// <summary>
/// <see cref="IAes128"/> (single-block AES-128-ECB, for AES-MMO install-code hashing) on System.Security.Cryptography.
/// AES-MMO re-keys on every block and setting a .NET key costs microseconds, so keyed instances are cached (bounded;
/// cleared when full). Output may overlap input, as the contract allows. Thread-safe.
/// </summary>
public sealed class NetAes128 : IAes128, IDisposable
{
    private const int MaxCached = 256;
    private readonly Dictionary<UInt128, Aes> _byKey = new();
    private readonly object _sync = new();

    /// <inheritdoc />
    public void EncryptBlock(byte[] key, byte[] input, int inputOffset, byte[] output, int outputOffset)
    {
        var id = BinaryPrimitives.ReadUInt128BigEndian(key);
        Span<byte> block = stackalloc byte[16];
        input.AsSpan(inputOffset, 16).CopyTo(block);
        lock (_sync)
        {
            if (!_byKey.TryGetValue(id, out var aes))
            {
                if (_byKey.Count >= MaxCached) Clear();
                aes = Aes.Create();
                aes.Key = (byte[])key.Clone();
                _byKey[id] = aes;
            }
            aes.EncryptEcb(block, output.AsSpan(outputOffset, 16), PaddingMode.None);
        }
    }

    /// <summary>Releases the AES objects.</summary>
    public void Dispose()
    {
        lock (_sync) Clear();
    }

    private void Clear()
    {
        foreach (var a in _byKey.Values) a.Dispose();
        _byKey.Clear();
    }
}

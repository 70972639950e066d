using System.Security.Cryptography;
using CommsHub.Firmware.Core.Crypto;

namespace CommsHub.Firmware.Host.Runtime;

/// <summary>
/// <see cref="IAes128"/> (single-block AES-128-ECB, for AES-MMO install-code hashing) on System.Security.Cryptography.
/// One AES object per key, created on first use; link keys are few per hub. Thread-safe.
/// </summary>
public sealed class NetAes128 : IAes128, IDisposable
{
    private readonly Dictionary<UInt128, Aes> _byKey = new();
    private readonly object _sync = new();

    /// <inheritdoc />
    public void EncryptBlock(byte[] key, byte[] input, int inputOffset, byte[] output, int outputOffset)
    {
        var id = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(key);
        lock (_sync)
        {
            if (!_byKey.TryGetValue(id, out var aes))
            {
                aes = Aes.Create();
                aes.Key = (byte[])key.Clone();
                _byKey[id] = aes;
            }
            aes.EncryptEcb(input.AsSpan(inputOffset, 16), output.AsSpan(outputOffset, 16), PaddingMode.None);
        }
    }

    /// <summary>Releases the AES objects.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            foreach (var a in _byKey.Values) a.Dispose();
            _byKey.Clear();
        }
    }
}

using System.Security.Cryptography;
using CommsHub.Firmware.Core.Crypto;

namespace CommsHub.Firmware.Core.Tests.Support;

/// <summary>IAes128 over System.Security.Cryptography (single-block ECB). Not thread-safe: one per thread.</summary>
public sealed class DotNetAes128 : IAes128, IDisposable
{
    private readonly Aes _aes = Aes.Create();

    public void EncryptBlock(byte[] key, byte[] input, int inputOffset, byte[] output, int outputOffset)
    {
        _aes.Key = key;
        var result = _aes.EncryptEcb(input.AsSpan(inputOffset, 16), PaddingMode.None);
        result.CopyTo(output, outputOffset);
    }

    public void Dispose() => _aes.Dispose();
}

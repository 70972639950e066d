using CommsHub.Firmware.Core.Crypto;

namespace CommsHub.Firmware.SelfTest.Doubles
{
    /// <summary>Deterministic stand-in for the AES block cipher behind install-code key derivation (native on a board).</summary>
    public sealed class DoubleAes : IAes128
    {
        private readonly byte[] _out = new byte[32];

        /// <inheritdoc />
        public void EncryptBlock(byte[] key, byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            DoubleHash.Mix(key, 0, 16, input, inputOffset, 16, _out, 0);
            for (int i = 0; i < 16; i++) output[outputOffset + i] = _out[i];
        }
    }
}

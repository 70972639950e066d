using System.Security.Cryptography;
using CommsHub.Firmware.Core.Crypto;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// <see cref="IAes128"/> over nanoFramework.System.Security.Cryptography's <c>Aes</c> in ECB mode (mbedTLS in the
    /// firmware): one 16-byte block per call, as AES-MMO needs.
    /// </summary>
    public sealed class NanoAes128 : IAes128
    {
        private readonly byte[] _block = new byte[16];

        /// <inheritdoc />
        public void EncryptBlock(byte[] key, byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            System.Array.Copy(input, inputOffset, _block, 0, 16);
            Aes aes = new Aes(CipherMode.ECB);
            aes.Key = key;
            byte[] result = aes.Encrypt(_block);
            System.Array.Copy(result, 0, output, outputOffset, 16);
        }
    }
}

namespace CommsHub.Firmware.Core.Crypto
{
    /// <summary>
    /// One AES-128 block encryption with a caller-supplied key (ECB of a single block). Portable code has no AES:
    /// the host implements this over System.Security.Cryptography, the device over its native crypto. The key is
    /// passed per call because AES-MMO re-keys on every block.
    /// </summary>
    public interface IAes128
    {
        /// <summary>
        /// Encrypts the 16 bytes at <paramref name="inputOffset"/> under the 16-byte <paramref name="key"/> and writes
        /// 16 bytes at <paramref name="outputOffset"/> (output may overlap input).
        /// </summary>
        void EncryptBlock(byte[] key, byte[] input, int inputOffset, byte[] output, int outputOffset);
    }
}

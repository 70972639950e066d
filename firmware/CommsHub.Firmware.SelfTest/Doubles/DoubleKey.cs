using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.SelfTest.Doubles
{
    /// <summary>A test-double key pair: the "public key" is a 65-byte point-shaped value derived from a seed.</summary>
    public sealed class DoubleKey : IGbcsPrivateKey
    {
        private readonly byte[] _public = new byte[65];

        /// <summary>Derives the key pair from a seed (any bytes).</summary>
        public DoubleKey(byte[] seed)
        {
            _public[0] = 0x04;
            DoubleHash.Mix(seed, 0, seed.Length, seed, 0, 0, _public, 1);
            DoubleHash.Mix(_public, 1, 32, seed, 0, seed.Length, _public, 33);
        }

        /// <inheritdoc />
        public byte[] PublicKey { get { return _public; } }
    }
}

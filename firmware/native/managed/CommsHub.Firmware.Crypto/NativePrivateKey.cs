using System;
using CommsHub.Firmware.Crypto.Native;
using CommsHub.Protocol.Crypto;

namespace CommsHub.Firmware.Crypto
{
    /// <summary>
    /// A P-256 private key held by the firmware's mbedTLS (a PSA volatile key). The scalar crosses into native
    /// memory once, at <see cref="Import"/>, and is never readable again; the key can do only what its
    /// <see cref="Usage"/> says (GBCS keeps digital-signature and key-agreement keys apart). Dispose frees the
    /// native key slot (there are few: MBEDTLS_PSA_KEY_SLOT_COUNT, 32 by default).
    /// </summary>
    public sealed class NativePrivateKey : IGbcsPrivateKey, IDisposable
    {
        private readonly byte[] _publicKey;
        private uint _keyId;

        private NativePrivateKey(uint keyId, byte[] publicKey, KeyUsage usage)
        {
            _keyId = keyId;
            _publicKey = publicKey;
            Usage = usage;
        }

        /// <summary>What the key may do: sign (DigitalSignature) or agree (KeyAgreement).</summary>
        public KeyUsage Usage { get; }

        /// <inheritdoc />
        /// <remarks>A copy: callers may keep or change it without affecting the key.</remarks>
        public byte[] PublicKey => (byte[])_publicKey.Clone();

        /// <summary>
        /// Imports a 32-byte big-endian scalar in [1, n-1]. The caller should clear its copy of the scalar afterwards.
        /// </summary>
        /// <exception cref="ArgumentException">The scalar is not 32 bytes or outside [1, n-1], or the usage is unknown.</exception>
        /// <exception cref="NativeCryptoException">No free key slot, or mbedTLS failed.</exception>
        public static NativePrivateKey Import(byte[] scalar, KeyUsage usage)
        {
            if (scalar == null) throw new ArgumentNullException(nameof(scalar));
            if (scalar.Length != 32) throw new ArgumentException("a P-256 private scalar is 32 bytes", nameof(scalar));
            if (usage != KeyUsage.DigitalSignature && usage != KeyUsage.KeyAgreement)
                throw new ArgumentException("usage must be DigitalSignature or KeyAgreement", nameof(usage));
            var publicKey = new byte[65];
            var keyId = new uint[1];
            int status = CryptoNatives.ImportPrivateKey(scalar, (int)usage, publicKey, keyId);
            if (status == CryptoNatives.BadArgument)
                throw new ArgumentException("not a P-256 private scalar in [1, n-1]", nameof(scalar));
            if (status != CryptoNatives.Ok) throw new NativeCryptoException("private key import", status);
            return new NativePrivateKey(keyId[0], publicKey, usage);
        }

        /// <summary>The native key handle, for NativeGbcsCrypto.</summary>
        /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
        internal uint KeyId
        {
            get
            {
                if (_keyId == 0) throw new ObjectDisposedException(nameof(NativePrivateKey));
                return _keyId;
            }
        }

        /// <summary>Destroys the native key (mbedTLS wipes the scalar).</summary>
        public void Dispose()
        {
            uint keyId = _keyId;
            _keyId = 0;
            if (keyId != 0) CryptoNatives.DestroyKey(keyId);
        }

        /// <summary>Names the key by usage only; the scalar is never printed (it is not even reachable from here).</summary>
        public override string ToString() => "P-256 " + (Usage == KeyUsage.DigitalSignature ? "DS" : "KA") + " key (native)";
    }
}

using System;

namespace CommsHub.Firmware.Core.Security
{
    /// <summary>
    /// One trust anchor cell: the remote party holding a role, with its digital-signature (DS) and key-agreement (KA)
    /// public keys (65-byte uncompressed P-256 points, or null when the role's certificate of that usage is not held).
    /// </summary>
    public sealed class TrustAnchorCell
    {
        /// <summary>Length of an uncompressed P-256 public key.</summary>
        public const int PublicKeyLength = 65;

        /// <summary>Creates a cell; keys are copied so the caller's arrays cannot change the anchor afterwards.</summary>
        /// <exception cref="ArgumentException">a key that is not 65 bytes starting 0x04, or EUI 0.</exception>
        public TrustAnchorCell(RemotePartyRole role, ulong eui, byte[] dsPublicKey, byte[] kaPublicKey)
        {
            if (eui == 0) throw new ArgumentException("a trust anchor needs the party's EUI");
            Role = role;
            Eui = eui;
            DsPublicKey = CopyKey(dsPublicKey);
            KaPublicKey = CopyKey(kaPublicKey);
        }

        /// <summary>The role this cell anchors.</summary>
        public RemotePartyRole Role { get; private set; }

        /// <summary>The party's EUI-64 (its Business Originator ID / system title).</summary>
        public ulong Eui { get; private set; }

        /// <summary>DS public key (verifies critical-command signatures), or null. Shared array: do not modify.</summary>
        public byte[] DsPublicKey { get; private set; }

        /// <summary>KA public key (command MACs for the ACB; response MACs towards the party), or null. Do not modify.</summary>
        public byte[] KaPublicKey { get; private set; }

        private static byte[] CopyKey(byte[] key)
        {
            if (key == null) return null;
            if (key.Length != PublicKeyLength || key[0] != 0x04)
                throw new ArgumentException("a trust anchor key must be a 65-byte uncompressed P-256 point");
            byte[] copy = new byte[PublicKeyLength];
            Array.Copy(key, copy, PublicKeyLength);
            return copy;
        }
    }
}

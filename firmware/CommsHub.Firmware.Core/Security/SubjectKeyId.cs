using System;

namespace CommsHub.Firmware.Core.Security
{
    /// <summary>
    /// The 8-byte subject key identifier of a public key as the SMKI certificates of RTDS carry it and CS02a reports it
    /// for each trust anchor: the low 60 bits of the SHA-1 of the key under the prefix 0100 (RFC 7093, method 1). SHA-1 is
    /// computed here because the device has no SHA-1 primitive; it names a key and protects nothing.
    /// </summary>
    public static class SubjectKeyId
    {
        /// <summary>Length of an identifier.</summary>
        public const int Length = 8;

        /// <summary>The identifier of <paramref name="publicKey"/> (the key's encoding as the anchor holds it).</summary>
        /// <exception cref="ArgumentNullException">no key.</exception>
        public static byte[] Of(byte[] publicKey)
        {
            if (publicKey == null) throw new ArgumentNullException("publicKey");
            byte[] hash = Sha1(publicKey);
            byte[] id = new byte[Length];
            Array.Copy(hash, hash.Length - Length, id, 0, Length);
            id[0] = (byte)(0x40 | (id[0] & 0x0F));
            return id;
        }

        /// <summary>SHA-1 (FIPS 180-4) of <paramref name="data"/>.</summary>
        internal static byte[] Sha1(byte[] data)
        {
            uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
            // The message, a 1 bit, zeros, and its length in bits (64-bit big-endian), to a multiple of 64 bytes.
            int padded = ((data.Length + 8) / 64 + 1) * 64;
            byte[] m = new byte[padded];
            Array.Copy(data, m, data.Length);
            m[data.Length] = 0x80;
            long bits = (long)data.Length * 8;
            for (int i = 0; i < 8; i++) m[padded - 1 - i] = (byte)(bits >> (8 * i));
            uint[] w = new uint[80];
            for (int chunk = 0; chunk < padded; chunk += 64)
            {
                for (int i = 0; i < 16; i++)
                {
                    int p = chunk + 4 * i;
                    w[i] = (uint)m[p] << 24 | (uint)m[p + 1] << 16 | (uint)m[p + 2] << 8 | m[p + 3];
                }
                for (int i = 16; i < 80; i++) w[i] = Rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
                uint a = h0, b = h1, c = h2, d = h3, e = h4;
                for (int i = 0; i < 80; i++)
                {
                    uint f, k;
                    if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
                    else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
                    else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
                    else { f = b ^ c ^ d; k = 0xCA62C1D6; }
                    uint t = Rotl(a, 5) + f + e + k + w[i];
                    e = d;
                    d = c;
                    c = Rotl(b, 30);
                    b = a;
                    a = t;
                }
                h0 += a;
                h1 += b;
                h2 += c;
                h3 += d;
                h4 += e;
            }
            byte[] digest = new byte[20];
            Put(digest, 0, h0);
            Put(digest, 4, h1);
            Put(digest, 8, h2);
            Put(digest, 12, h3);
            Put(digest, 16, h4);
            return digest;
        }

        private static uint Rotl(uint v, int n)
        {
            return v << n | v >> (32 - n);
        }

        private static void Put(byte[] b, int p, uint v)
        {
            b[p] = (byte)(v >> 24);
            b[p + 1] = (byte)(v >> 16);
            b[p + 2] = (byte)(v >> 8);
            b[p + 3] = (byte)v;
        }
    }
}

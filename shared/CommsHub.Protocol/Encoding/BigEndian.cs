using System;

namespace CommsHub.Protocol.Encoding
{
    /// <summary>
    /// Big-endian reads and writes over byte arrays. GBCS, DLMS and ZigBee OTA fields are big-endian;
    /// nanoFramework's BitConverter is little-endian only and BinaryPrimitives does not exist there.
    /// </summary>
    public static class BigEndian
    {
        /// <summary>Reads an unsigned 16-bit value.</summary>
        public static int ReadUInt16(byte[] b, int offset)
        {
            return (b[offset] << 8) | b[offset + 1];
        }

        /// <summary>Reads an unsigned 32-bit value.</summary>
        public static uint ReadUInt32(byte[] b, int offset)
        {
            return ((uint)b[offset] << 24) | ((uint)b[offset + 1] << 16) | ((uint)b[offset + 2] << 8) | b[offset + 3];
        }

        /// <summary>Reads an unsigned 64-bit value (originator counters, EUI-64s).</summary>
        public static ulong ReadUInt64(byte[] b, int offset)
        {
            return ((ulong)ReadUInt32(b, offset) << 32) | ReadUInt32(b, offset + 4);
        }

        /// <summary>Writes an unsigned 16-bit value.</summary>
        public static void WriteUInt16(byte[] b, int offset, int value)
        {
            b[offset] = (byte)(value >> 8);
            b[offset + 1] = (byte)value;
        }

        /// <summary>Writes an unsigned 32-bit value.</summary>
        public static void WriteUInt32(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)(value >> 24);
            b[offset + 1] = (byte)(value >> 16);
            b[offset + 2] = (byte)(value >> 8);
            b[offset + 3] = (byte)value;
        }

        /// <summary>Writes an unsigned 64-bit value.</summary>
        public static void WriteUInt64(byte[] b, int offset, ulong value)
        {
            WriteUInt32(b, offset, (uint)(value >> 32));
            WriteUInt32(b, offset + 4, (uint)value);
        }

        /// <summary>Compares two byte ranges for equality (not constant time: use for public data only).</summary>
        public static bool RangeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (a[aOffset + i] != b[bOffset + i]) return false;
            }
            return true;
        }

        /// <summary>Copies a range into a new array.</summary>
        public static byte[] Slice(byte[] b, int offset, int count)
        {
            byte[] r = new byte[count];
            Array.Copy(b, offset, r, 0, count);
            return r;
        }
    }
}

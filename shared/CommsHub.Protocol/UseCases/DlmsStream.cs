using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// Writes tagged A-XDR items straight into a <see cref="ByteWriter"/>, without building <see cref="DlmsData"/>
    /// trees. The CHF answers with whole device logs (CCS06, CCS07, CS14); a tree costs about 2 KB per device, more than a
    /// device heap can spare per command, while a reused writer costs nothing. Lengths are always minimal, as the
    /// object-model encoders write built items, so both produce the same bytes.
    /// </summary>
    public static class DlmsStream
    {
        /// <summary>null-data.</summary>
        public static void WriteNull(ByteWriter w)
        {
            w.WriteByte((int)DlmsType.Null);
        }

        /// <summary>The tag and element count of a structure; the elements follow.</summary>
        public static void WriteStructureHeader(ByteWriter w, int count)
        {
            w.WriteByte((int)DlmsType.Structure);
            w.WriteLength(count, 0);
        }

        /// <summary>The tag and element count of an array; the elements follow.</summary>
        public static void WriteArrayHeader(ByteWriter w, int count)
        {
            w.WriteByte((int)DlmsType.Array);
            w.WriteLength(count, 0);
        }

        /// <summary>octet-string of <paramref name="count"/> bytes of <paramref name="value"/> (null: empty).</summary>
        public static void WriteOctetString(ByteWriter w, byte[] value, int offset, int count)
        {
            if (value == null) count = 0;
            w.WriteByte((int)DlmsType.OctetString);
            w.WriteLength(count, 0);
            w.WriteBytes(value, offset, count);
        }

        /// <summary>octet-string(8) holding an EUI-64.</summary>
        public static void WriteEui64(ByteWriter w, ulong eui64)
        {
            w.WriteByte((int)DlmsType.OctetString);
            w.WriteByte(8);
            w.WriteUInt64(eui64);
        }

        /// <summary>octet-string(12) holding a date-time (how GBCS carries them).</summary>
        public static void WriteDateTime(ByteWriter w, DlmsDateTime t)
        {
            w.WriteByte((int)DlmsType.OctetString);
            w.WriteByte(DlmsDateTime.Length);
            w.WriteUInt16(t.Year);
            w.WriteByte(t.Month);
            w.WriteByte(t.Day);
            w.WriteByte(t.DayOfWeek);
            w.WriteByte(t.Hour);
            w.WriteByte(t.Minute);
            w.WriteByte(t.Second);
            w.WriteByte(t.Hundredths);
            w.WriteUInt16(t.Deviation & 0xFFFF);
            w.WriteByte(t.ClockStatus);
        }

        /// <summary>integer (signed 8-bit).</summary>
        public static void WriteInteger(ByteWriter w, int value)
        {
            w.WriteByte((int)DlmsType.Integer);
            w.WriteByte(value);
        }

        /// <summary>unsigned (8-bit).</summary>
        public static void WriteUnsigned(ByteWriter w, int value)
        {
            w.WriteByte((int)DlmsType.Unsigned);
            w.WriteByte(value);
        }

        /// <summary>long-unsigned (16-bit).</summary>
        public static void WriteLongUnsigned(ByteWriter w, int value)
        {
            w.WriteByte((int)DlmsType.LongUnsigned);
            w.WriteUInt16(value & 0xFFFF);
        }

        /// <summary>bit-string of <paramref name="bitCount"/> bits held MSB-first in <paramref name="bits"/>.</summary>
        /// <exception cref="ArgumentException">the bit count does not match the bytes.</exception>
        public static void WriteBitString(ByteWriter w, byte[] bits, int bitCount)
        {
            int bytes = bits == null ? 0 : bits.Length;
            if (bitCount < 0 || (bitCount + 7) / 8 != bytes) throw new ArgumentException("bit count does not match the bytes");
            w.WriteByte((int)DlmsType.BitString);
            w.WriteLength(bitCount, 0);
            w.WriteBytes(bits, 0, bytes);
        }

        /// <summary>
        /// The start of an ACCESS.response up to the list-of-data count: tag DA, long-invoke-id-and-priority, empty
        /// date-time, no echoed request specification, then <paramref name="dataCount"/>; the data items follow.
        /// </summary>
        public static void WriteAccessResponseHeader(ByteWriter w, uint longInvokeIdAndPriority, int dataCount)
        {
            w.WriteByte(DlmsApdu.AccessResponse);
            w.WriteUInt32(longInvokeIdAndPriority);
            w.WriteByte(0);
            w.WriteByte(0);
            w.WriteLength(dataCount, 0);
        }

        /// <summary>The list of access-response-specifications after the data: count, then kind and result per item.</summary>
        public static void WriteAccessResults(ByteWriter w, AccessKind[] kinds, int[] results)
        {
            w.WriteLength(kinds.Length, 0);
            for (int i = 0; i < kinds.Length; i++)
            {
                w.WriteByte((int)kinds[i]);
                w.WriteByte(results[i]);
            }
        }

        /// <summary>One access-response-specification list of a single item (count 1, kind, result).</summary>
        public static void WriteSingleResult(ByteWriter w, AccessKind kind, int result)
        {
            w.WriteByte(1);
            w.WriteByte((int)kind);
            w.WriteByte(result);
        }

        /// <summary>
        /// The start of a GBCS alert DATA-NOTIFICATION: tag 0F, long-invoke-id-and-priority, empty date-time, then the
        /// body structure of 2 + <paramref name="itemCount"/> elements with the alert code and time stamp; the
        /// alert-specific items follow.
        /// </summary>
        public static void WriteAlertHeader(ByteWriter w, uint longInvokeIdAndPriority, int alertCode, DlmsDateTime timeStamp, int itemCount)
        {
            w.WriteByte(DlmsApdu.DataNotification);
            w.WriteUInt32(longInvokeIdAndPriority);
            w.WriteByte(0);
            WriteStructureHeader(w, 2 + itemCount);
            WriteLongUnsigned(w, alertCode);
            WriteDateTime(w, timeStamp);
        }
    }
}

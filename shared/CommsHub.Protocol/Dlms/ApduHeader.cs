using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    // The header shared by ACCESS.request/response and DATA-NOTIFICATION: tag, long-invoke-id-and-priority,
    // date-time as a length-prefixed octet-string (empty in GBCS, 00).
    internal static class ApduHeader
    {
        internal static ByteReader Open(byte[] buffer, int offset, int count, int tag, string what)
        {
            if (buffer == null) throw new GbcsFormatException(GbcsErrorCode.Truncated, 0, "no input");
            ByteReader r = new ByteReader(buffer, offset, count);
            r.ExpectTag(tag, what);
            return r;
        }

        // Reads the date-time octet-string; returns its absolute value offset (-1 when empty) and length.
        internal static int ReadDateTime(ByteReader r, out int length)
        {
            int width;
            int rel = r.RelativePosition;
            length = r.ReadBoundedLength("date-time", out width);
            if (width != 1 || (length != 0 && length != DlmsDateTime.Length))
                throw new GbcsFormatException(GbcsErrorCode.BadField, rel, "APDU date-time must be empty or 12 bytes");
            if (length == 0) return -1;
            return r.Skip(length, "date-time");
        }

        internal static void WriteDateTime(ByteWriter w, byte[] buffer, int offset, int length)
        {
            w.WriteByte(length);
            if (length > 0) w.WriteBytes(buffer, offset, length);
        }

        // Element counts of the spec and data lists: each element takes at least minBytes.
        internal static int ReadCount(ByteReader r, int minBytes, string what, out int width)
        {
            int rel = r.RelativePosition;
            int n = r.ReadLength(what, out width);
            if (n > r.Remaining / minBytes)
                throw new GbcsFormatException(GbcsErrorCode.Truncated, rel, what + " " + n.ToString() + " exceeds the input");
            return n;
        }

        internal static void ExpectEnd(ByteReader r, string what)
        {
            if (r.Remaining != 0)
                throw new GbcsFormatException(GbcsErrorCode.TrailingBytes, r.RelativePosition, r.Remaining.ToString() + " bytes after the " + what);
        }
    }
}

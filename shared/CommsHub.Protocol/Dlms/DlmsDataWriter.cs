using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// Encodes <see cref="DlmsData"/> items as A-XDR. Decoded items re-encode byte for byte: length fields keep the
    /// width they were received with (<see cref="DlmsData.LengthWidth"/>).
    /// </summary>
    public static class DlmsDataWriter
    {
        /// <summary>Encodes one item into a new array.</summary>
        public static byte[] ToBytes(DlmsData data)
        {
            ByteWriter w = new ByteWriter();
            Write(w, data);
            return w.ToArray();
        }

        /// <summary>Appends one tagged item.</summary>
        public static void Write(ByteWriter w, DlmsData d)
        {
            if (d == null) throw new ArgumentNullException("d");
            int tag = (int)d.Type;
            w.WriteByte(tag);
            if (d.Type == DlmsType.Array || d.Type == DlmsType.Structure)
            {
                w.WriteLength(d.Children.Length, d.LengthWidth);
                for (int i = 0; i < d.Children.Length; i++) Write(w, d.Children[i]);
                return;
            }
            if (d.Type == DlmsType.CompactArray)
            {
                if (d.TypeDescription == null) throw new ArgumentException("compact-array without a type description");
                WriteDescription(w, d.TypeDescription);
                int start = w.Length;
                for (int i = 0; i < d.Children.Length; i++) WriteUntagged(w, d.Children[i], d.TypeDescription);
                w.InsertLength(start, d.LengthWidth);
                return;
            }
            WriteValue(w, d);
        }

        private static void WriteValue(ByteWriter w, DlmsData d)
        {
            int tag = (int)d.Type;
            if (tag == (int)DlmsType.BitString) w.WriteLength(d.Count, d.LengthWidth);
            else if (DlmsTypes.IsByteString(tag)) w.WriteLength(d.ValueLength, d.LengthWidth);
            w.WriteBytes(d.Buffer, d.ValueOffset, d.ValueLength);
        }

        private static void WriteUntagged(ByteWriter w, DlmsData d, DlmsTypeDescription t)
        {
            if (d.Type != t.Type) throw new ArgumentException("compact-array element does not match its type description");
            if (t.Type == DlmsType.Structure)
            {
                if (d.Children.Length != t.Children.Length) throw new ArgumentException("compact-array structure element has the wrong size");
                for (int i = 0; i < d.Children.Length; i++) WriteUntagged(w, d.Children[i], t.Children[i]);
                return;
            }
            if (t.Type == DlmsType.Array)
            {
                if (d.Children.Length != t.ElementCount) throw new ArgumentException("compact-array array element has the wrong size");
                for (int i = 0; i < d.Children.Length; i++) WriteUntagged(w, d.Children[i], t.Element);
                return;
            }
            WriteValue(w, d);
        }

        /// <summary>Appends a compact-array type description.</summary>
        public static void WriteDescription(ByteWriter w, DlmsTypeDescription t)
        {
            w.WriteByte((int)t.Type);
            if (t.Type == DlmsType.Structure)
            {
                w.WriteLength(t.Children.Length, t.LengthWidth);
                for (int i = 0; i < t.Children.Length; i++) WriteDescription(w, t.Children[i]);
            }
            else if (t.Type == DlmsType.Array)
            {
                w.WriteUInt16(t.ElementCount);
                WriteDescription(w, t.Element);
            }
        }
    }
}

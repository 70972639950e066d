using System;

namespace CommsHub.Protocol.Encoding
{
    /// <summary>Upper-case hexadecimal conversion without System.Text (not in nanoFramework's mscorlib).</summary>
    public static class Hex
    {
        private const string Digits = "0123456789ABCDEF";

        /// <summary>Formats <paramref name="count"/> bytes from <paramref name="offset"/> as upper-case hex.</summary>
        public static string Encode(byte[] data, int offset, int count)
        {
            if (data == null) throw new ArgumentNullException("data");
            if (offset < 0 || count < 0 || offset > data.Length - count) throw new ArgumentOutOfRangeException("count");
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                int b = data[offset + i];
                chars[2 * i] = Digits[b >> 4];
                chars[2 * i + 1] = Digits[b & 0x0F];
            }
            return new string(chars);
        }

        /// <summary>Formats the whole array as upper-case hex.</summary>
        public static string Encode(byte[] data)
        {
            if (data == null) throw new ArgumentNullException("data");
            return Encode(data, 0, data.Length);
        }

        /// <summary>
        /// Parses hex text. Whitespace, ':' and '-' separators are ignored so that captures pasted from
        /// tools (Wireshark, DUIS RequestIDs) parse as they are.
        /// </summary>
        /// <exception cref="FormatException">a non-hex character or an odd number of digits.</exception>
        public static byte[] Decode(string text)
        {
            if (text == null) throw new ArgumentNullException("text");
            int digits = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (IsSeparator(c)) continue;
                if (Nibble(c) < 0) throw new FormatException("not a hex digit at position " + i.ToString());
                digits++;
            }
            if ((digits & 1) != 0) throw new FormatException("odd number of hex digits");
            byte[] result = new byte[digits / 2];
            int n = 0;
            int high = -1;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (IsSeparator(c)) continue;
                int v = Nibble(c);
                if (high < 0) high = v;
                else
                {
                    result[n++] = (byte)((high << 4) | v);
                    high = -1;
                }
            }
            return result;
        }

        /// <summary>True when every non-separator character of <paramref name="text"/> is a hex digit.</summary>
        public static bool IsHex(string text)
        {
            if (text == null || text.Length == 0) return false;
            int digits = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (IsSeparator(c)) continue;
                if (Nibble(c) < 0) return false;
                digits++;
            }
            return digits > 0 && (digits & 1) == 0;
        }

        private static bool IsSeparator(char c)
        {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':' || c == '-';
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            return -1;
        }
    }
}

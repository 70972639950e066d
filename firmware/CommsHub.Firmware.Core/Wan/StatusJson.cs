using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Wan
{
    /// <summary>
    /// The retained <c>chub/{EUI}/status</c> documents, built by hand (no serializer on the device):
    /// <c>{"eui":"...","state":"online","firmware":"...","han":{"devices":n,"joined":m}}</c> and, as the LWT,
    /// <c>{"eui":"...","state":"offline"}</c>. Output is pure ASCII (anything else is \u-escaped), so its bytes are
    /// the chars without an encoder.
    /// </summary>
    public static class StatusJson
    {
        /// <summary>The online document.</summary>
        public static string Online(ulong hubEui, string firmware, int devices, int joined)
        {
            return "{\"eui\":\"" + Eui64.ToText(hubEui) + "\",\"state\":\"online\",\"firmware\":\"" + Escape(firmware)
                + "\",\"han\":{\"devices\":" + devices.ToString() + ",\"joined\":" + joined.ToString() + "}}";
        }

        /// <summary>The offline document (the LWT payload).</summary>
        public static string Offline(ulong hubEui)
        {
            return "{\"eui\":\"" + Eui64.ToText(hubEui) + "\",\"state\":\"offline\"}";
        }

        /// <summary>JSON string content for <paramref name="text"/>: quotes, backslashes, controls and non-ASCII escaped.</summary>
        public static string Escape(string text)
        {
            if (text == null) return "";
            bool plain = true;
            for (int i = 0; i < text.Length && plain; i++)
            {
                char c = text[i];
                plain = c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
            }
            if (plain) return text;
            char[] buffer = new char[text.Length * 6];
            int n = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"' || c == '\\')
                {
                    buffer[n++] = '\\';
                    buffer[n++] = c;
                }
                else if (c >= 0x20 && c < 0x7F)
                {
                    buffer[n++] = c;
                }
                else
                {
                    buffer[n++] = '\\';
                    buffer[n++] = 'u';
                    buffer[n++] = HexDigit(c >> 12);
                    buffer[n++] = HexDigit(c >> 8);
                    buffer[n++] = HexDigit(c >> 4);
                    buffer[n++] = HexDigit(c);
                }
            }
            return new string(buffer, 0, n);
        }

        /// <summary>The bytes of an ASCII string (what these documents are); other chars become '?'.</summary>
        public static byte[] AsciiBytes(string text)
        {
            byte[] b = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                b[i] = c < 0x80 ? (byte)c : (byte)'?';
            }
            return b;
        }

        private static char HexDigit(int v)
        {
            v &= 0xF;
            return (char)(v < 10 ? '0' + v : 'a' + v - 10);
        }
    }
}

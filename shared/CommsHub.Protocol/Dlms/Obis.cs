using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// OBIS codes (COSEM logical names, 6 bytes A-B:C.D.E.F). Held as a 48-bit number in a <c>ulong</c> so a
    /// decoded request spec needs no extra allocation and codes compare with <c>==</c>.
    /// </summary>
    public static class Obis
    {
        /// <summary>Length on the wire.</summary>
        public const int Length = 6;

        /// <summary>0-0:30.3.0.255, the CHF Device Log (class 104 ZigBee Network Control).</summary>
        public const ulong ChfDeviceLog = 0x00001E0300FFUL;
        /// <summary>0-0:30.3.1.255, the CHF Historic Device Log (second log read by CCS07).</summary>
        public const ulong ChfHistoricDeviceLog = 0x00001E0301FFUL;
        /// <summary>0-0:99.98.0.255, Event Log (class 7 Profile Generic) read by ECS35c/ECS35d.</summary>
        public const ulong EventLog = 0x0000636200FFUL;
        /// <summary>0-0:94.44.100.255, the clock-like restricting object of the GBCS log range descriptor.</summary>
        public const ulong LogRangeRestrictingObject = 0x00005E2C64FFUL;
        /// <summary>0-0:0.2.1.255, firmware version (class 1 Data) read by ECS52.</summary>
        public const ulong FirmwareVersion = 0x0000000201FFUL;

        /// <summary>Reads 6 bytes at <paramref name="offset"/>.</summary>
        public static ulong Read(byte[] b, int offset)
        {
            ulong v = 0;
            for (int i = 0; i < Length; i++) v = (v << 8) | b[offset + i];
            return v;
        }

        /// <summary>Writes 6 bytes at <paramref name="offset"/>.</summary>
        public static void Write(byte[] b, int offset, ulong obis)
        {
            for (int i = Length - 1; i >= 0; i--)
            {
                b[offset + i] = (byte)obis;
                obis >>= 8;
            }
        }

        /// <summary>The 6 wire bytes.</summary>
        public static byte[] ToBytes(ulong obis)
        {
            byte[] b = new byte[Length];
            Write(b, 0, obis);
            return b;
        }

        /// <summary>Formats as "A-B:C.D.E.F", e.g. "0-0:30.3.0.255".</summary>
        public static string ToText(ulong obis)
        {
            byte[] b = ToBytes(obis);
            return b[0].ToString() + "-" + b[1].ToString() + ":" + b[2].ToString() + "." + b[3].ToString() + "." +
                   b[4].ToString() + "." + b[5].ToString();
        }

        /// <summary>Parses "A-B:C.D.E.F" (each group 0..255).</summary>
        /// <exception cref="FormatException">not six decimal groups with those separators.</exception>
        public static ulong Parse(string text)
        {
            if (text == null) throw new ArgumentNullException("text");
            const string separators = "-:...";
            ulong v = 0;
            int group = 0;
            int value = -1;
            for (int i = 0; i <= text.Length; i++)
            {
                char c = i < text.Length ? text[i] : '\0';
                if (c >= '0' && c <= '9')
                {
                    value = (value < 0 ? 0 : value * 10) + (c - '0');
                    if (value > 255) throw new FormatException("OBIS group above 255");
                    continue;
                }
                bool last = i == text.Length;
                if (value < 0 || (last ? group != 5 : (group >= 5 || c != separators[group])))
                    throw new FormatException("not an OBIS code A-B:C.D.E.F");
                v = (v << 8) | (uint)value;
                value = -1;
                group++;
            }
            return v;
        }
    }
}

using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Asn1
{
    /// <summary>GBCS GeneralizedTime text "YYYYMMDDhhmmssZ" (15 characters, UTC) to and from <see cref="DateTime"/>.</summary>
    public static class GeneralizedTime
    {
        /// <summary>Formats a UTC time as "YYYYMMDDhhmmssZ".</summary>
        public static string Format(DateTime utc)
        {
            return utc.Year.ToString("D4") + utc.Month.ToString("D2") + utc.Day.ToString("D2") +
                   utc.Hour.ToString("D2") + utc.Minute.ToString("D2") + utc.Second.ToString("D2") + "Z";
        }

        /// <summary>Parses "YYYYMMDDhhmmssZ".</summary>
        /// <exception cref="GbcsFormatException">any other shape or an impossible date.</exception>
        public static DateTime Parse(string text)
        {
            if (text == null || text.Length != 15 || text[14] != 'Z')
                throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "GeneralizedTime must be YYYYMMDDhhmmssZ");
            int year = Digits(text, 0, 4), month = Digits(text, 4, 2), day = Digits(text, 6, 2);
            int hour = Digits(text, 8, 2), minute = Digits(text, 10, 2), second = Digits(text, 12, 2);
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
                hour > 23 || minute > 59 || second > 59)
                throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "GeneralizedTime out of range");
            return new DateTime(year, month, day, hour, minute, second);
        }

        private static int Digits(string s, int start, int count)
        {
            int v = 0;
            for (int i = start; i < start + count; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9') throw new GbcsFormatException(GbcsErrorCode.BadField, i, "GeneralizedTime digit expected");
                v = v * 10 + (c - '0');
            }
            return v;
        }
    }
}

using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.Dlms
{
    /// <summary>
    /// DLMS date-time (12 bytes: year(2) month day day-of-week hour minute second hundredths deviation(2) clock-status).
    /// Fields keep wildcards (0xFF, year 0xFFFF, deviation 0x8000 = not specified) so re-encoding is exact.
    /// </summary>
    public sealed class DlmsDateTime
    {
        /// <summary>Encoded length.</summary>
        public const int Length = 12;
        /// <summary>Deviation value meaning "not specified".</summary>
        public const int DeviationNotSpecified = -0x8000;

        // 2000-01-01T00:00:00Z in .NET ticks: GBCS log ranges count UTC seconds from it.
        private const long Epoch2000Ticks = 630822816000000000L;
        private const long TicksPerSecond = 10000000L;

        /// <summary>Year (0xFFFF = not specified).</summary>
        public int Year;
        /// <summary>Month 1..12 (0xFF not specified, 0xFD/0xFE DST end/begin).</summary>
        public int Month;
        /// <summary>Day of month 1..31 (0xFF not specified, 0xFD/0xFE second last/last day).</summary>
        public int Day;
        /// <summary>Day of week 1 (Monday)..7 (0xFF not specified).</summary>
        public int DayOfWeek;
        /// <summary>Hour 0..23 (0xFF not specified).</summary>
        public int Hour;
        /// <summary>Minute 0..59 (0xFF not specified).</summary>
        public int Minute;
        /// <summary>Second 0..59 (0xFF not specified).</summary>
        public int Second;
        /// <summary>Hundredths 0..99 (0xFF not specified).</summary>
        public int Hundredths;
        /// <summary>Deviation from UTC in minutes, signed (<see cref="DeviationNotSpecified"/> = not specified).</summary>
        public int Deviation;
        /// <summary>Clock status bits (0xFF not specified).</summary>
        public int ClockStatus;

        /// <summary>Decodes 12 bytes at <paramref name="offset"/>; fails with a typed error when fewer are there.</summary>
        public static DlmsDateTime Decode(byte[] b, int offset)
        {
            ByteReader r = new ByteReader(b, offset, b == null ? 0 : b.Length - offset);
            r.Need(Length, "date-time");
            DlmsDateTime t = new DlmsDateTime();
            t.Year = r.ReadUInt16("year");
            t.Month = r.ReadByte("month");
            t.Day = r.ReadByte("day");
            t.DayOfWeek = r.ReadByte("day of week");
            t.Hour = r.ReadByte("hour");
            t.Minute = r.ReadByte("minute");
            t.Second = r.ReadByte("second");
            t.Hundredths = r.ReadByte("hundredths");
            t.Deviation = (short)r.ReadUInt16("deviation");
            t.ClockStatus = r.ReadByte("clock status");
            return t;
        }

        /// <summary>Decodes an octet-string item that must hold 12 bytes.</summary>
        public static DlmsDateTime FromData(DlmsData d, string what)
        {
            d.ExpectOctetString(Length, what);
            return Decode(d.Buffer, d.ValueOffset);
        }

        /// <summary>Writes the 12 bytes at <paramref name="offset"/>.</summary>
        public void WriteTo(byte[] b, int offset)
        {
            BigEndian.WriteUInt16(b, offset, Year);
            b[offset + 2] = (byte)Month;
            b[offset + 3] = (byte)Day;
            b[offset + 4] = (byte)DayOfWeek;
            b[offset + 5] = (byte)Hour;
            b[offset + 6] = (byte)Minute;
            b[offset + 7] = (byte)Second;
            b[offset + 8] = (byte)Hundredths;
            BigEndian.WriteUInt16(b, offset + 9, Deviation & 0xFFFF);
            b[offset + 11] = (byte)ClockStatus;
        }

        /// <summary>The 12 bytes.</summary>
        public byte[] ToBytes()
        {
            byte[] b = new byte[Length];
            WriteTo(b, 0);
            return b;
        }

        /// <summary>As an octet-string data item (how GBCS carries date-times).</summary>
        public DlmsData ToData()
        {
            return DlmsData.ByteString(DlmsType.OctetString, ToBytes());
        }

        /// <summary>True when year..second are all specified (no wildcards), so <see cref="ToUtc"/> can convert.</summary>
        public bool IsFullySpecified
        {
            get
            {
                return Year != 0xFFFF && Month >= 1 && Month <= 12 && Day >= 1 && Day <= 31 && Hour <= 23 && Minute <= 59 && Second <= 59;
            }
        }

        /// <summary>Converts to UTC, applying the deviation when specified (DLMS: local = UTC - deviation).</summary>
        /// <exception cref="GbcsFormatException">wildcards or out-of-range fields.</exception>
        public DateTime ToUtc()
        {
            if (!IsFullySpecified)
                throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "date-time has wildcards or is out of range");
            try
            {
                // DateTime checks the year (0 and 10000..65534 fit the field, not a DateTime) and the deviation's push
                // past either end; the platform decides its range, so its refusal is what is translated here.
                if (Day > DateTime.DaysInMonth(Year, Month))
                    throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "date-time has wildcards or is out of range");
                DateTime t = new DateTime(Year, Month, Day, Hour, Minute, Second);
                if (Hundredths <= 99) t = t.AddTicks(Hundredths * 100000L);
                if (Deviation != DeviationNotSpecified) t = t.AddTicks(Deviation * 60L * TicksPerSecond);
                return t;
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new GbcsFormatException(GbcsErrorCode.BadField, 0, "date-time outside the range a DateTime holds");
            }
        }

        /// <summary>A UTC date-time as GBCS writes it: deviation 0, clock status 0x00, day of week given, hundredths 0.</summary>
        public static DlmsDateTime FromUtc(DateTime utc)
        {
            DlmsDateTime t = new DlmsDateTime();
            t.Year = utc.Year;
            t.Month = utc.Month;
            t.Day = utc.Day;
            int dow = (int)utc.DayOfWeek; // Sunday = 0 in .NET, 7 in DLMS
            t.DayOfWeek = dow == 0 ? 7 : dow;
            t.Hour = utc.Hour;
            t.Minute = utc.Minute;
            t.Second = utc.Second;
            t.Hundredths = 0;
            t.Deviation = 0;
            t.ClockStatus = 0;
            return t;
        }

        /// <summary>UTC seconds since 2000-01-01T00:00Z, the time base of GBCS log ranges and entries.</summary>
        public static uint SecondsSince2000(DateTime utc)
        {
            long s = (utc.Ticks - Epoch2000Ticks) / TicksPerSecond;
            if (s < 0 || s > 0xFFFFFFFFL) throw new ArgumentOutOfRangeException("utc");
            return (uint)s;
        }

        /// <summary>The UTC time <paramref name="seconds"/> after 2000-01-01T00:00Z.</summary>
        public static DateTime FromSecondsSince2000(uint seconds)
        {
            return new DateTime(Epoch2000Ticks + (long)seconds * TicksPerSecond);
        }

        /// <summary>ISO-like text with wildcards shown as '*', e.g. "2015-01-01T00:00:00.00 dev=-0 st=00".</summary>
        public override string ToString()
        {
            return (Year == 0xFFFF ? "*" : Year.ToString("D4")) + "-" + Field(Month) + "-" + Field(Day) + "T" + Field(Hour) + ":" +
                   Field(Minute) + ":" + Field(Second) + "." + Field(Hundredths) +
                   (Deviation == DeviationNotSpecified ? "" : " dev=" + Deviation.ToString()) + " st=" + ClockStatus.ToString("X2");
        }

        private static string Field(int v)
        {
            return v == 0xFF ? "*" : v.ToString("D2");
        }
    }
}

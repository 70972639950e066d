using System;
using CommsHub.Firmware.Core.Time;
using CommsHub.Protocol.Dlms;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// DLMS date-times as the CHF writes them in RTDS: UTC fields, hundredths 0, deviation "not specified" (0x8000),
    /// clock status 0xFF; the day of week is given in CCS06 last-communication times and 0xFF (not specified) in
    /// backups and alert time stamps (CCS07, CS14).
    /// </summary>
    public static class HubDateTime
    {
        /// <summary>The DLMS form of <paramref name="seconds"/> (<see cref="HubTime"/>); 0 ("never") is all wildcards.</summary>
        public static DlmsDateTime ToDlms(uint seconds, bool withDayOfWeek)
        {
            DlmsDateTime t = new DlmsDateTime();
            Fill(t, seconds, withDayOfWeek);
            return t;
        }

        /// <summary>
        /// Sets every field of <paramref name="t"/> as <see cref="ToDlms"/> would: lets answers listing many devices
        /// reuse one instance instead of allocating one per device.
        /// </summary>
        public static void Fill(DlmsDateTime t, uint seconds, bool withDayOfWeek)
        {
            if (seconds == 0)
            {
                t.Year = 0xFFFF;
                t.Month = 0xFF;
                t.Day = 0xFF;
                t.Hour = 0xFF;
                t.Minute = 0xFF;
                t.Second = 0xFF;
                t.Hundredths = 0xFF;
                withDayOfWeek = false;
            }
            else
            {
                DateTime utc = HubTime.FromSeconds(seconds);
                t.Year = utc.Year;
                t.Month = utc.Month;
                t.Day = utc.Day;
                int dow = (int)utc.DayOfWeek; // Sunday is 0 in .NET, 7 in DLMS
                t.DayOfWeek = dow == 0 ? 7 : dow;
                t.Hour = utc.Hour;
                t.Minute = utc.Minute;
                t.Second = utc.Second;
                t.Hundredths = 0;
            }
            if (!withDayOfWeek) t.DayOfWeek = 0xFF;
            t.Deviation = DlmsDateTime.DeviationNotSpecified;
            t.ClockStatus = 0xFF;
        }
    }
}

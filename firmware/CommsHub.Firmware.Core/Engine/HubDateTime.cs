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
            DlmsDateTime t;
            if (seconds == 0)
            {
                t = new DlmsDateTime();
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
                t = DlmsDateTime.FromUtc(HubTime.FromSeconds(seconds));
            }
            if (!withDayOfWeek) t.DayOfWeek = 0xFF;
            t.Deviation = DlmsDateTime.DeviationNotSpecified;
            t.ClockStatus = 0xFF;
            return t;
        }
    }
}

using System.Collections;

namespace CommsHub.Firmware.Core.DeviceLog
{
    /// <summary>Everything the device log persists: one of these is one snapshot record.</summary>
    internal sealed class DeviceLogState
    {
        /// <summary>DeviceLogEntry, in registration order.</summary>
        public ArrayList Entries = new ArrayList();

        /// <summary>HistoricLogEntry, oldest first (the first is overwritten when the log is full).</summary>
        public ArrayList Historic = new ArrayList();

        public ulong ExtendedPanId;
        public bool JoiningEnabled;
        public int JoinTimeout;
        /// <summary>HubTime seconds at which the join window closes.</summary>
        public uint JoinWindowEnd;
        /// <summary>HubTime seconds at which the join window opened (0 when joining is disabled).</summary>
        public uint JoinWindowStart;

        public int IndexOf(ulong eui)
        {
            for (int i = 0; i < Entries.Count; i++)
            {
                if (((DeviceLogEntry)Entries[i]).Eui == eui) return i;
            }
            return -1;
        }

        public int HistoricIndexOf(ulong eui)
        {
            for (int i = 0; i < Historic.Count; i++)
            {
                if (((HistoricLogEntry)Historic[i]).Eui == eui) return i;
            }
            return -1;
        }
    }
}

using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>Events the engine logs from the device log: joins, leaves and device log changes (with a CS14 outside a command).</summary>
    public static class EngineEventChecks
    {
        /// <summary>All event checks.</summary>
        public static ISelfTestCheck[] All()
        {
            return new ISelfTestCheck[]
            {
                new NamedCheck("engine logs join, leave and device log change events", JoinLeave),
            };
        }

        private static string JoinLeave()
        {
            EngineRig rig = new EngineRig();
            Ccs01AddDevice a = new Ccs01AddDevice();
            a.LongInvokeIdAndPriority = AccessRequest.InvokeIdFor(1);
            a.DeviceId = Parties.Esme;
            a.DeviceType = (int)DeviceType.Esme;
            a.InstallCode = EngineRig.InstallCode;
            a.JoinTimeout = 90;
            a.EnableJoining = true;
            if (rig.Send(rig.Command(MessageCodes.CCS01, 1, a.Encode())) != WanMessageOutcome.Executed) return "CCS01 not executed";
            rig.Uplink.Clear();
            int before = rig.Engine.EventLog.Read(0, 0xFFFFFFFF).Length;
            byte[] tcKey = new byte[16];
            for (int i = 0; i < tcKey.Length; i++) tcKey[i] = (byte)(0x30 + i);
            if (rig.Engine.DeviceLog.DeviceJoined(Parties.Esme, tcKey) != DeviceLogResult.Success) return "join refused";
            if (rig.Engine.DeviceLog.DeviceLeft(Parties.Esme) != DeviceLogResult.Success) return "leave refused";
            LogEntry[] all = rig.Engine.EventLog.Read(0, 0xFFFFFFFF);
            // Join: joining succeeded, then the log change (a new hashed key); leave: unjoining succeeded only.
            int[] expected = { EventCodes.DeviceJoiningSucceeded, EventCodes.DeviceLogChanged, EventCodes.DeviceUnjoiningSucceeded };
            if (all.Length - before != expected.Length) return "expected 3 new events, found " + (all.Length - before).ToString();
            for (int i = 0; i < expected.Length; i++)
            {
                LogEntry e = all[before + i];
                if (e.EventCode != expected[i]) return "event " + i.ToString() + " is 0x" + e.EventCode.ToString("X4");
                if (e.Detail == null || e.Detail.Length != 8 || BigEndian.ReadUInt64(e.Detail, 0) != Parties.Esme) return "event " + i.ToString() + " does not name the ESME";
            }
            // The join changed the backup outside any command: the CS14 goes out at once.
            if (rig.Uplink.Count != 1) return "expected one CS14 for the join, got " + rig.Uplink.Count.ToString() + " frames";
            return rig.CheckMacAlert(rig.Frame(0), MessageCodes.CS14);
        }
    }
}

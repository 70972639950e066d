using System;
using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.SelfTest.Doubles;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>
    /// CHF commands through the engine (<see cref="EngineRig"/>): each is executed, answered with a response that
    /// parses, carries a valid CHF x ACB MAC and the expected DLMS results; plus CS14, tamper and ECS100 rules.
    /// </summary>
    public static class EngineChecks
    {
        /// <summary>All engine checks.</summary>
        public static ISelfTestCheck[] All()
        {
            return new ISelfTestCheck[]
            {
                new NamedCheck("engine CCS01 add device: executed, MAC'd response, results 0/0/0", Ccs01),
                new NamedCheck("engine CS14 raised after CCS01, carrying the device log", Cs14),
                new NamedCheck("engine CCS02 remove device", Ccs02),
                new NamedCheck("engine CCS06 read device log", Ccs06),
                new NamedCheck("engine CCS07 read device logs (log and historic)", Ccs07),
                new NamedCheck("engine ECS52 read firmware version", Ecs52),
                new NamedCheck("engine ECS35c read event log", Ecs35c),
                new NamedCheck("engine tampered command rejected and logged, no state change", Tampered),
                new NamedCheck("engine unsupported message code answered with ECS100", Unsupported),
            };
        }

        private static uint Invoke(ulong counter) { return AccessRequest.InvokeIdFor(counter); }

        private static byte[] AddDevice(ulong counter, ulong eui)
        {
            Ccs01AddDevice a = new Ccs01AddDevice();
            a.LongInvokeIdAndPriority = Invoke(counter);
            a.DeviceId = eui;
            a.DeviceType = (int)DeviceType.Esme;
            a.InstallCode = EngineRig.InstallCode;
            a.JoinTimeout = 90;
            a.EnableJoining = true;
            return a.Encode();
        }

        private static byte[] RemoveDevice(ulong counter, ulong eui)
        {
            Ccs02RemoveDevice r = new Ccs02RemoveDevice();
            r.LongInvokeIdAndPriority = Invoke(counter);
            r.DeviceId = eui;
            return r.Encode();
        }

        // Sends a command, expects it executed and its response first on the uplink; returns the response's
        // ACCESS.response, or null with the reason in error[0].
        private static AccessResponse Execute(EngineRig rig, int code, ulong counter, byte[] payload, string[] error)
        {
            rig.Uplink.Clear();
            WanMessageOutcome outcome = rig.Send(rig.Command(code, counter, payload));
            if (outcome != WanMessageOutcome.Executed)
            {
                error[0] = "not executed: outcome " + ((int)outcome).ToString() + ", reason " + ((int)rig.Engine.LastRejection).ToString();
                return null;
            }
            if (rig.Uplink.Count < 1)
            {
                error[0] = "no response on the uplink";
                return null;
            }
            GbcsMessage m = rig.Frame(0);
            string bad = rig.CheckResponse(m, code, counter);
            if (bad != null)
            {
                error[0] = bad;
                return null;
            }
            AccessResponse r = AccessResponse.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            if (r.LongInvokeIdAndPriority != Invoke(counter))
            {
                error[0] = "response invoke id differs";
                return null;
            }
            return r;
        }

        private static string AllSucceeded(AccessResponse r, int count)
        {
            if (r.Results.Length != count) return "expected " + count.ToString() + " results, got " + r.Results.Length.ToString();
            for (int i = 0; i < r.Results.Length; i++)
            {
                if (r.Results[i].Result != 0) return "result " + i.ToString() + " is " + r.Results[i].Result.ToString();
            }
            return null;
        }

        private static string Ccs01()
        {
            EngineRig rig = new EngineRig();
            string[] error = new string[1];
            AccessResponse r = Execute(rig, MessageCodes.CCS01, 1, AddDevice(1, Parties.Esme), error);
            if (r == null) return error[0];
            string bad = AllSucceeded(r, 3);
            if (bad != null) return bad;
            if (rig.Engine.DeviceLog.Find(Parties.Esme) == null) return "ESME not in the device log";
            return rig.Engine.DeviceLog.JoiningEnabled ? null : "joining not enabled";
        }

        private static string Cs14()
        {
            EngineRig rig = new EngineRig();
            string[] error = new string[1];
            if (Execute(rig, MessageCodes.CCS01, 1, AddDevice(1, Parties.Esme), error) == null) return error[0];
            if (rig.Uplink.Count != 2) return "expected response then CS14, got " + rig.Uplink.Count.ToString() + " frames";
            GbcsMessage m = rig.Frame(1);
            string bad = rig.CheckMacAlert(m, MessageCodes.CS14);
            if (bad != null) return bad;
            Cs14DeviceLogChangedAlert a = Cs14DeviceLogChangedAlert.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            if (a.Log.Entries.Length != 1 || a.Log.Entries[0].DeviceId != Parties.Esme) return "CS14 does not list the ESME";
            if (a.Log.Entries[0].HashedTcLinkKey.Length != 0) return "CS14 lists a key before the device joined";
            return a.Log.ExtendedPanId == Parties.Chf ? null : "CS14 extended PAN id";
        }

        private static string Ccs02()
        {
            EngineRig rig = new EngineRig();
            string[] error = new string[1];
            if (Execute(rig, MessageCodes.CCS01, 1, AddDevice(1, Parties.Esme), error) == null) return error[0];
            AccessResponse r = Execute(rig, MessageCodes.CCS02, 2, RemoveDevice(2, Parties.Esme), error);
            if (r == null) return error[0];
            string bad = AllSucceeded(r, 1);
            if (bad != null) return bad;
            if (rig.Engine.DeviceLog.Count != 0) return "device still logged";
            return rig.Uplink.Count == 2 ? null : "no CS14 after the removal";
        }

        private static string Ccs06()
        {
            EngineRig rig = new EngineRig();
            string[] error = new string[1];
            if (Execute(rig, MessageCodes.CCS01, 1, AddDevice(1, Parties.Esme), error) == null) return error[0];
            if (Execute(rig, MessageCodes.CCS01, 2, AddDevice(2, Parties.Gsme), error) == null) return error[0];
            AccessResponse r = Execute(rig, MessageCodes.CCS06, 3, Ccs06ReadDeviceLog.BuildRequest(Invoke(3)).Encode(), error);
            if (r == null) return error[0];
            Ccs06ReadDeviceLog d = Ccs06ReadDeviceLog.Decode(r);
            if (d.Result != 0) return "result " + d.Result.ToString();
            if (d.Devices.Length != 2 || d.Devices[0].DeviceId != Parties.Esme || d.Devices[1].DeviceId != Parties.Gsme)
                return "active devices do not list ESME and GSME";
            // Never communicated: the last-communication time is all wildcards.
            return d.Devices[0].LastCommunication.Year == 0xFFFF ? null : "last communication of a silent device is set";
        }

        private static string Ccs07()
        {
            EngineRig rig = new EngineRig();
            string[] error = new string[1];
            byte[] tcKey = new byte[16];
            for (int i = 0; i < tcKey.Length; i++) tcKey[i] = (byte)(0xA0 + i);
            if (Execute(rig, MessageCodes.CCS01, 1, AddDevice(1, Parties.Gsme), error) == null) return error[0];
            // The HAN reports the join; CCS02 then moves the TC link key into the historic log.
            if (rig.Engine.DeviceLog.DeviceJoined(Parties.Gsme, tcKey) != DeviceLogResult.Success) return "join refused";
            if (Execute(rig, MessageCodes.CCS02, 2, RemoveDevice(2, Parties.Gsme), error) == null) return error[0];
            if (Execute(rig, MessageCodes.CCS01, 3, AddDevice(3, Parties.Esme), error) == null) return error[0];
            AccessResponse r = Execute(rig, MessageCodes.CCS07, 4, Ccs07ReadDeviceLogs.BuildRequest(Invoke(4)).Encode(), error);
            if (r == null) return error[0];
            Ccs07ReadDeviceLogs d = Ccs07ReadDeviceLogs.Decode(r);
            if (d.DeviceLogResult != 0 || d.HistoricLogResult != 0) return "action results not 0";
            if (d.DeviceLog == null || d.DeviceLog.Entries.Length != 1 || d.DeviceLog.Entries[0].DeviceId != Parties.Esme) return "device log backup wrong";
            if (d.HistoricLog == null || d.HistoricLog.Entries.Length != 1 || d.HistoricLog.Entries[0].DeviceId != Parties.Gsme) return "historic backup wrong";
            byte[] hash = AesMmo.Hash(new DoubleAes(), tcKey, 0, tcKey.Length);
            byte[] got = d.HistoricLog.Entries[0].HashedTcLinkKey;
            return got.Length == hash.Length && BigEndian.RangeEquals(got, 0, hash, 0, hash.Length) ? null : "historic hashed TC link key wrong";
        }

        private static string Ecs52()
        {
            EngineRig rig = new EngineRig();
            string[] error = new string[1];
            AccessResponse r = Execute(rig, MessageCodes.ECS52, 1, Ecs52ReadFirmwareVersion.BuildRequest(Invoke(1)).Encode(), error);
            if (r == null) return error[0];
            Ecs52ReadFirmwareVersion v = Ecs52ReadFirmwareVersion.Decode(r);
            if (v.Result != 0) return "result " + v.Result.ToString();
            byte[] want = EngineRig.FirmwareVersion;
            return v.FirmwareVersion != null && v.FirmwareVersion.Length == want.Length && BigEndian.RangeEquals(v.FirmwareVersion, 0, want, 0, want.Length)
                ? null : "firmware version differs";
        }

        private static string Ecs35c()
        {
            EngineRig rig = new EngineRig();
            string[] error = new string[1];
            if (Execute(rig, MessageCodes.CCS01, 1, AddDevice(1, Parties.Esme), error) == null) return error[0];
            Ecs35ReadChfLog q = new Ecs35ReadChfLog();
            q.LongInvokeIdAndPriority = Invoke(2);
            q.Log = Obis.EventLog;
            q.From = 0;
            q.To = 0xFFFFFFFF;
            AccessResponse r = Execute(rig, MessageCodes.ECS35c, 2, q.Encode(), error);
            if (r == null) return error[0];
            int result;
            ChfLogEntry[] entries = Ecs35ReadChfLog.DecodeResponse(r, out result);
            if (result != 0) return "result " + result.ToString();
            bool changed = false;
            bool actioned = false;
            for (int i = 0; i < entries.Length; i++)
            {
                if (entries[i].EventCode == EventCodes.DeviceLogChanged) changed = true;
                if (entries[i].EventCode == EventCodes.CommandActioned) actioned = true;
            }
            return changed && actioned ? null : "event log lacks the device log change or the actioned CCS01";
        }

        private static string Tampered()
        {
            EngineRig rig = new EngineRig();
            byte[] before = rig.Engine.DeviceLog.ExportSnapshot();
            byte[] frame = rig.Command(MessageCodes.CCS01, 1, AddDevice(1, Parties.Esme));
            GbcsMessage m = GbcsFrameParser.Parse(frame);
            frame[m.ContentOffset + m.ContentLength - 1] ^= 0x01;
            if (rig.Send(frame) != WanMessageOutcome.Rejected) return "tampered command not rejected";
            if (rig.Engine.LastRejection != SecurityReason.MacInvalid) return "rejected for reason " + ((int)rig.Engine.LastRejection).ToString();
            LogEntry[] logged = rig.Engine.SecurityLog.Read(0, 0xFFFFFFFF);
            if (logged.Length != 1 || SecurityLog.ReasonOf(logged[0]) != SecurityReason.MacInvalid) return "rejection not in the security log";
            byte[] after = rig.Engine.DeviceLog.ExportSnapshot();
            if (after.Length != before.Length || !BigEndian.RangeEquals(after, 0, before, 0, before.Length)) return "device log changed";
            if (rig.Storage.Counters.LastAccepted(Parties.Acb) != 0) return "counter spent by a tampered command";
            if (rig.Uplink.Count != 0) return "tampered command answered";
            return rig.Engine.EventLog.Read(0, 0xFFFFFFFF).Length == 0 ? null : "event logged for a rejected command";
        }

        // GCS13a Read GSME Consumption Register: a gas meter's use case, which the CHF never executes.
        private const int NotAChfUseCase = 0x0074;

        private static string Unsupported()
        {
            EngineRig rig = new EngineRig();
            byte[] payload = Ecs52ReadFirmwareVersion.BuildRequest(Invoke(1)).Encode();
            if (rig.Send(rig.Command(NotAChfUseCase, 1, payload)) != WanMessageOutcome.NotSupported) return "not answered as unsupported";
            if (rig.Uplink.Count != 1) return "expected one ECS100 alert";
            GbcsMessage m = rig.Frame(0);
            if (m.Cra != CraFlag.Alert || m.MessageCode != HubEngine.CommandNotSupportedMessageCode) return "not an ECS100 alert";
            if (m.Originator != Parties.Chf || m.Target != Parties.Acb) return "wrong originator or target";
            string bad = rig.CheckChfSignature(m);
            if (bad != null) return bad;
            DataNotification n = DataNotification.Decode(m.Buffer, m.ContentOffset, m.ContentLength);
            if (n.AlertCode != EventCodes.CommandNotSupported) return "alert code 0x" + n.AlertCode.ToString("X4");
            DlmsData detail = n.AlertItem(0);
            if (detail.ValueLength != 10 || BigEndian.ReadUInt16(detail.Buffer, detail.ValueOffset) != NotAChfUseCase) return "alert does not name the command";
            return rig.Storage.Counters.LastAccepted(Parties.Acb) == 1 ? null : "counter of the unsupported command not spent";
        }
    }
}

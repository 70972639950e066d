using System;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>
    /// The frames the self-test builds: commands and responses of every CHF use case (CCS01-03, CCS05/04, CCS06, CCS07,
    /// CS07, ECS35c/d, ECS52), the CS14 and CCS08 alerts, and a critical pre-command that is signed and then MAC'd.
    /// </summary>
    public static class FrameCases
    {
        private static readonly DateTime When = new DateTime(2026, 11, 29, 12, 0, 0);

        /// <summary>
        /// All frame checks. Each builds its frame only while it runs: built up front and kept by the check list, 22
        /// frames with their builders stayed scattered across a small heap and split its free space (on nanoCLR they
        /// left no free block big enough for the device log checks' flash image).
        /// </summary>
        public static ISelfTestCheck[] All()
        {
            return new ISelfTestCheck[]
            {
                new NamedCheck("frame CCS01 add device command", Ccs01Command),
                new NamedCheck("frame CCS01 add device response", Ccs01Response),
                new NamedCheck("frame CCS02 remove device command", Ccs02Command),
                new NamedCheck("frame CCS02 remove device response", Ccs02Response),
                new NamedCheck("frame CCS03 restore device log command", Ccs03Command),
                new NamedCheck("frame CCS03 restore device log response", Ccs03Response),
                new NamedCheck("frame CCS05/04 read device log command", Ccs04Command),
                new NamedCheck("frame CCS06 read device log command", Ccs06Command),
                new NamedCheck("frame CCS06 read device log response", Ccs06Response),
                new NamedCheck("frame CCS07 read device logs command", Ccs07Command),
                new NamedCheck("frame CCS07 read device logs response", Ccs07Response),
                new NamedCheck("frame CS07 read join details command", Cs07Command),
                new NamedCheck("frame CS07 read join details response", Cs07Response),
                new NamedCheck("frame ECS35c read CHF event log command", Ecs35cCommand),
                new NamedCheck("frame ECS35c read CHF event log response", Ecs35cResponse),
                new NamedCheck("frame ECS35d read CHF security log command", Ecs35dCommand),
                new NamedCheck("frame ECS35d read CHF security log response", Ecs35dResponse),
                new NamedCheck("frame ECS52 read firmware version command", Ecs52Command),
                new NamedCheck("frame ECS52 read firmware version response", Ecs52Response),
                new NamedCheck("frame CS14 device log changed alert", Cs14Alert),
                new NamedCheck("frame CCS08 firmware transfer alert", Ccs08Alert),
                new NamedCheck("frame critical command: pre-command signed then MAC'd", SignedThenMacdCommand),
            };
        }

        // Originator counter of the first command; each use case takes the next.
        private const ulong C = 0x516;

        private static string Ccs01Command() { return Command(MessageCodes.CCS01, C, AddDevice(C).Encode(), RecodeAddDevice).Check(); }
        private static string Ccs01Response() { return Response(MessageCodes.CCS01, C, Ccs01AddDevice.BuildResponse(Invoke(C), 0, 0, 0).Encode(), RecodeResponse).Check(); }
        private static string Ccs02Command() { return Command(MessageCodes.CCS02, C + 1, RemoveDevice(C + 1).Encode(), RecodeRemoveDevice).Check(); }
        private static string Ccs02Response() { return Response(MessageCodes.CCS02, C + 1, Ccs02RemoveDevice.BuildResponse(Invoke(C + 1), 0).Encode(), RecodeResponse).Check(); }
        private static string Ccs03Command() { return Command(MessageCodes.CCS03, C + 2, Restore(C + 2).Encode(), RecodeRestore).Check(); }
        private static string Ccs03Response() { return Response(MessageCodes.CCS03, C + 2, Ccs03RestoreDeviceLog.BuildResponse(Invoke(C + 2), 0).Encode(), RecodeResponse).Check(); }
        private static string Ccs04Command() { return Command(MessageCodes.CCS04, C + 3, Ccs06ReadDeviceLog.BuildRequest(Invoke(C + 3)).Encode(), RecodeRequest).Check(); }
        private static string Ccs06Command() { return Command(MessageCodes.CCS06, C + 4, Ccs06ReadDeviceLog.BuildRequest(Invoke(C + 4)).Encode(), RecodeRequest).Check(); }
        private static string Ccs06Response() { return Response(MessageCodes.CCS06, C + 4, DeviceStatus(C + 4).Encode(), RecodeDeviceStatus).Check(); }
        private static string Ccs07Command() { return Command(MessageCodes.CCS07, C + 5, Ccs07ReadDeviceLogs.BuildRequest(Invoke(C + 5)).Encode(), RecodeRequest).Check(); }
        private static string Ccs07Response() { return Response(MessageCodes.CCS07, C + 5, DeviceLogs(C + 5).Encode(), RecodeDeviceLogs).Check(); }
        private static string Cs07Command() { return Command(MessageCodes.CS07, C + 6, Cs07ReadDeviceJoinDetails.EncodeRequest(), RecodeJoinDetailsRequest).Check(); }
        private static string Cs07Response() { return Response(MessageCodes.CS07, C + 6, JoinDetails().Encode(), RecodeJoinDetails).Check(); }
        private static string Ecs35cCommand() { return Command(MessageCodes.ECS35c, C + 7, ReadLog(C + 7, Obis.EventLog).Encode(), RecodeReadLog).Check(); }
        private static string Ecs35cResponse() { return Response(MessageCodes.ECS35c, C + 7, LogResponse(C + 7).Encode(), RecodeResponse).Check(); }
        private static string Ecs35dCommand() { return Command(MessageCodes.ECS35d, C + 8, ReadLog(C + 8, Ecs35ReadChfLog.SecurityLog).Encode(), RecodeReadLog).Check(); }
        private static string Ecs35dResponse() { return Response(MessageCodes.ECS35d, C + 8, LogResponse(C + 8).Encode(), RecodeResponse).Check(); }
        private static string Ecs52Command() { return Command(MessageCodes.ECS52, C + 9, Ecs52ReadFirmwareVersion.BuildRequest(Invoke(C + 9)).Encode(), RecodeRequest).Check(); }
        private static string Ecs52Response() { return Response(MessageCodes.ECS52, C + 9, FirmwareVersion(C + 9).Encode(), RecodeFirmwareVersion).Check(); }
        private static string Cs14Alert() { return Alert(0x7D1, Cs14(0x7D1).Encode(), RecodeCs14).Check(); }
        private static string Ccs08Alert() { return SignedAlert(0x7D2, Ccs08().Encode(), RecodeCcs08).Check(); }
        private static string SignedThenMacdCommand() { return CriticalCommand(C + 10).Check(); }

        private static uint Invoke(ulong counter) { return AccessRequest.InvokeIdFor(counter); }

        private static GbcsFrameBuilder Header(CraFlag cra, int code, ulong counter, ulong originator, ulong target, bool user)
        {
            GbcsFrameBuilder b = new GbcsFrameBuilder();
            b.WithMacHeader = true;
            b.Cra = cra;
            b.MessageCode = code;
            b.OriginatorCounter = counter;
            b.Originator = originator;
            b.Target = target;
            // CHF commands are sent by the ACB on behalf of a user: supplementary remote party ID and counter (GBCS.md §4).
            b.HasSupplementaryRemotePartyId = user;
            b.SupplementaryRemotePartyId = Parties.Supplier;
            b.HasSupplementaryRemotePartyCounter = user;
            b.SupplementaryRemotePartyCounter = 1000 + counter;
            return b;
        }

        private static FrameCase Command(int code, ulong counter, byte[] payload, PayloadRecoder recoder)
        {
            GbcsFrameBuilder b = Header(CraFlag.Command, code, counter, Parties.Acb, Parties.Chf, true);
            b.SetContent(payload);
            return new FrameCase(b, recoder, Parties.AcbKa, Parties.ChfKa.PublicKey, null);
        }

        private static FrameCase Response(int code, ulong counter, byte[] payload, PayloadRecoder recoder)
        {
            GbcsFrameBuilder b = Header(CraFlag.Response, code, counter, Parties.Chf, Parties.Acb, true);
            b.SetContent(payload);
            return new FrameCase(b, recoder, Parties.ChfKa, Parties.AcbKa.PublicKey, null);
        }

        private static FrameCase Alert(ulong counter, byte[] payload, PayloadRecoder recoder)
        {
            GbcsFrameBuilder b = Header(CraFlag.Alert, MessageCodes.CS14, counter, Parties.Chf, Parties.Acb, false);
            b.SetContent(payload);
            return new FrameCase(b, recoder, Parties.ChfKa, Parties.AcbKa.PublicKey, null);
        }

        private static FrameCase SignedAlert(ulong counter, byte[] payload, PayloadRecoder recoder)
        {
            GbcsFrameBuilder b = Header(CraFlag.Alert, MessageCodes.CCS08, counter, Parties.Chf, Parties.Acb, false);
            b.WithMacHeader = false;
            b.Signature = SignatureKind.Ecdsa;
            b.SetContent(payload);
            return new FrameCase(b, recoder, null, null, Parties.ChfDs);
        }

        private static FrameCase CriticalCommand(ulong counter)
        {
            // A supplier-originated critical command (ECS04b shape): signed by the supplier, MAC'd ACB x device.
            GbcsFrameBuilder b = Header(CraFlag.Command, 0x00B3, counter, Parties.Supplier, Parties.Chf, false);
            b.Signature = SignatureKind.Ecdsa;
            b.SetContent(Ecs52ReadFirmwareVersion.BuildRequest(Invoke(counter)).Encode());
            return new FrameCase(b, RecodeRequest, Parties.AcbKa, Parties.ChfKa.PublicKey, Parties.SupplierDs);
        }

        private static Ccs01AddDevice AddDevice(ulong counter)
        {
            Ccs01AddDevice a = new Ccs01AddDevice();
            a.LongInvokeIdAndPriority = Invoke(counter);
            a.DeviceId = Parties.Esme;
            a.DeviceType = 1;
            a.InstallCode = new byte[] { 0x83, 0xFE, 0xD3, 0x40, 0x7A, 0x93, 0x97, 0x23, 0xA5, 0xC6, 0x39, 0xB2, 0x69, 0x16, 0xD5, 0x05 };
            a.KeyType = 0;
            a.JoinTimeout = 90;
            a.EnableJoining = true;
            return a;
        }

        private static Ccs02RemoveDevice RemoveDevice(ulong counter)
        {
            Ccs02RemoveDevice r = new Ccs02RemoveDevice();
            r.LongInvokeIdAndPriority = Invoke(counter);
            r.DeviceId = Parties.Gsme;
            return r;
        }

        private static Ccs03RestoreDeviceLog Restore(ulong counter)
        {
            Ccs03RestoreDeviceLog r = new Ccs03RestoreDeviceLog();
            r.LongInvokeIdAndPriority = Invoke(counter);
            r.ExtendedPanId = 0x140;
            r.Entries = Entries();
            return r;
        }

        private static ChfDeviceLogEntry[] Entries()
        {
            byte[] key = new byte[16];
            for (int i = 0; i < 16; i++) key[i] = (byte)(0x10 + i);
            return new ChfDeviceLogEntry[] { new ChfDeviceLogEntry(Parties.Esme, key), new ChfDeviceLogEntry(Parties.Gsme, key) };
        }

        private static ChfDeviceLogBackup Backup()
        {
            ChfDeviceLogBackup b = new ChfDeviceLogBackup();
            b.Timestamp = DlmsDateTime.FromUtc(When);
            b.ExtendedPanId = 0x140;
            b.Entries = Entries();
            return b;
        }

        private static Ccs06ReadDeviceLog DeviceStatus(ulong counter)
        {
            ChfDeviceStatus s = new ChfDeviceStatus();
            s.DeviceId = Parties.Esme;
            s.StatusBits = new byte[] { 0x80 };
            s.StatusBitCount = 8;
            s.LastRssi = -35;
            s.AverageRssi = -50;
            s.LowestRssi = -100;
            s.LinkQuality = 200;
            s.LastCommunication = DlmsDateTime.FromUtc(When);
            Ccs06ReadDeviceLog r = new Ccs06ReadDeviceLog();
            r.LongInvokeIdAndPriority = Invoke(counter);
            r.Devices = new ChfDeviceStatus[] { s };
            return r;
        }

        private static Ccs07ReadDeviceLogs DeviceLogs(ulong counter)
        {
            Ccs07ReadDeviceLogs r = new Ccs07ReadDeviceLogs();
            r.LongInvokeIdAndPriority = Invoke(counter);
            r.DeviceLog = Backup();
            r.HistoricLog = Backup();
            return r;
        }

        private static Cs07ReadDeviceJoinDetails JoinDetails()
        {
            Cs07JoinDetail esme = new Cs07JoinDetail();
            esme.DeviceId = Parties.Esme;
            esme.DeviceType = 1;
            Cs07ReadDeviceJoinDetails r = new Cs07ReadDeviceJoinDetails();
            r.HasEntries = true;
            r.Entries = new Cs07JoinDetail[] { esme };
            return r;
        }

        private static Ecs35ReadChfLog ReadLog(ulong counter, ulong log)
        {
            Ecs35ReadChfLog r = new Ecs35ReadChfLog();
            r.LongInvokeIdAndPriority = Invoke(counter);
            r.Log = log;
            r.From = 473299200;
            r.To = 0xFFFFFFFF;
            return r;
        }

        private static AccessResponse LogResponse(ulong counter)
        {
            ChfLogEntry e = new ChfLogEntry();
            e.Time = 473299260;
            e.EventCode = 0x8F12;
            e.Data = new byte[0];
            return Ecs35ReadChfLog.BuildResponse(Invoke(counter), 0, new ChfLogEntry[] { e }, true);
        }

        private static Ecs52ReadFirmwareVersion FirmwareVersion(ulong counter)
        {
            Ecs52ReadFirmwareVersion r = new Ecs52ReadFirmwareVersion();
            r.LongInvokeIdAndPriority = Invoke(counter);
            r.FirmwareVersion = new byte[] { 0x01, 0x23, 0xAB, 0xCD };
            return r;
        }

        private static Cs14DeviceLogChangedAlert Cs14(ulong counter)
        {
            Cs14DeviceLogChangedAlert a = new Cs14DeviceLogChangedAlert();
            a.LongInvokeIdAndPriority = Invoke(counter);
            a.TimeStamp = DlmsDateTime.FromUtc(When);
            a.Log = Backup();
            return a;
        }

        private static Ccs08FirmwareTransferAlert Ccs08()
        {
            Ccs08FirmwareTransferAlert a = new Ccs08FirmwareTransferAlert();
            a.AlertCode = Ccs08FirmwareTransferAlert.AlertSuccess;
            a.ExecutionDateTime = "20261129120000Z";
            a.EntityId = Parties.Chf;
            a.FirmwareVersion = new byte[] { 0x01, 0x00, 0x00, 0x02 };
            a.ResponseCode = 0;
            return a;
        }

        private static byte[] RecodeAddDevice(byte[] b, int o, int n) { return Ccs01AddDevice.Decode(b, o, n).Encode(); }
        private static byte[] RecodeRemoveDevice(byte[] b, int o, int n) { return Ccs02RemoveDevice.Decode(b, o, n).Encode(); }
        private static byte[] RecodeRestore(byte[] b, int o, int n) { return Ccs03RestoreDeviceLog.Decode(b, o, n).Encode(); }
        private static byte[] RecodeRequest(byte[] b, int o, int n) { return AccessRequest.Decode(b, o, n).Encode(); }
        private static byte[] RecodeResponse(byte[] b, int o, int n) { return AccessResponse.Decode(b, o, n).Encode(); }
        private static byte[] RecodeDeviceStatus(byte[] b, int o, int n) { return Ccs06ReadDeviceLog.Decode(b, o, n).Encode(); }
        private static byte[] RecodeDeviceLogs(byte[] b, int o, int n) { return Ccs07ReadDeviceLogs.Decode(AccessResponse.Decode(b, o, n)).Encode(); }
        private static byte[] RecodeJoinDetails(byte[] b, int o, int n) { return Cs07ReadDeviceJoinDetails.Decode(b, o, n).Encode(); }
        private static byte[] RecodeReadLog(byte[] b, int o, int n) { return Ecs35ReadChfLog.DecodeRequest(b, o, n).Encode(); }
        private static byte[] RecodeFirmwareVersion(byte[] b, int o, int n) { return Ecs52ReadFirmwareVersion.Decode(b, o, n).Encode(); }
        private static byte[] RecodeCs14(byte[] b, int o, int n) { return Cs14DeviceLogChangedAlert.Decode(b, o, n).Encode(); }
        private static byte[] RecodeCcs08(byte[] b, int o, int n) { return Ccs08FirmwareTransferAlert.Decode(b, o, n).Encode(); }

        private static byte[] RecodeJoinDetailsRequest(byte[] b, int o, int n)
        {
            Cs07ReadDeviceJoinDetails.DecodeRequest(b, o, n);
            return Cs07ReadDeviceJoinDetails.EncodeRequest();
        }
    }
}

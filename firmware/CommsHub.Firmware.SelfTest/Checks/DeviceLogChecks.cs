using System;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.SelfTest.Doubles;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>CHF Device Log checks on an in-memory flash: rules, persistence across restart, torn-write recovery.</summary>
    public static class DeviceLogChecks
    {
        private const int SectorSize = 4096;
        private const int Sectors = 2;

        /// <summary>All device log checks.</summary>
        public static ISelfTestCheck[] All()
        {
            return new ISelfTestCheck[]
            {
                new NamedCheck("device log persists across restart", PersistsAcrossRestart),
                new NamedCheck("device log rules: GPF not recorded, capacity, duplicate keeps key", Rules),
                new NamedCheck("device log torn write recovery at every byte", TornWriteRecovery),
            };
        }

        private static readonly byte[] InstallCode =
            { 0x83, 0xFE, 0xD3, 0x40, 0x7A, 0x93, 0x97, 0x23, 0xA5, 0xC6, 0x39, 0xB2, 0x69, 0x16, 0xD5, 0x05 };

        private static ChfDeviceLog Open(RamBlockStore flash, int capacity)
        {
            DeviceLogOptions options = new DeviceLogOptions();
            options.Capacity = capacity;
            return ChfDeviceLog.Open(flash, new DoubleAes(), new FixedClock(new DateTime(2026, 11, 29, 12, 0, 0)), options);
        }

        private static string PersistsAcrossRestart()
        {
            RamBlockStore flash = new RamBlockStore(SectorSize, Sectors, 1);
            ChfDeviceLog log = Open(flash, 16);
            if (log.Register(Parties.Esme, DeviceType.Esme, InstallCode) != DeviceLogResult.Success) return "register ESME failed";
            if (log.Register(Parties.Gsme, DeviceType.Gsme, InstallCode) != DeviceLogResult.Success) return "register GSME failed";
            // Only a device that joined has a TC link key for the historic log.
            log.SetJoinTimeout(90);
            log.SetJoiningEnabled(true);
            if (log.DeviceJoined(Parties.Gsme, InstallCode) != DeviceLogResult.Success) return "GSME join refused";
            if (log.Unregister(Parties.Gsme) != DeviceLogResult.Success) return "unregister failed";
            byte[] before = log.ExportSnapshot();
            ChfDeviceLog reopened = Open(new RamBlockStore(flash.Flash, SectorSize, 1), 16);
            if (reopened.Count != 1 || reopened.Find(Parties.Esme) == null) return "entries lost on restart";
            if (reopened.FindHistoric(Parties.Gsme) == null) return "historic entry lost on restart";
            return SameBytes(before, reopened.ExportSnapshot()) ? null : "state differs after restart";
        }

        private static string Rules()
        {
            ChfDeviceLog log = Open(new RamBlockStore(SectorSize, Sectors, 2), 2);
            if (log.Register(0x00DB1234567890A3, DeviceType.Gpf, InstallCode) != DeviceLogResult.NotRecorded) return "GPF was recorded";
            if (log.Register(Parties.Esme, DeviceType.Esme, InstallCode) != DeviceLogResult.Success) return "register failed";
            byte[] key = log.Find(Parties.Esme).GetLinkKey();
            byte[] otherCode = new byte[16];
            DeviceLogResult again = log.Register(Parties.Esme, DeviceType.Esme, otherCode);
            if (again != DeviceLogResult.Success && again != DeviceLogResult.AlreadyRegistered) return "re-register rejected";
            if (!SameBytes(key, log.Find(Parties.Esme).GetLinkKey())) return "re-register replaced the key (CCS01 must discard it)";
            if (log.Register(Parties.Gsme, DeviceType.Gsme, InstallCode) != DeviceLogResult.Success) return "second register failed";
            if (log.Register(0x00DB1234567890B0, DeviceType.Esme, InstallCode) != DeviceLogResult.DeviceLogFull) return "capacity not enforced";
            return null;
        }

        private static string TornWriteRecovery()
        {
            RamBlockStore flash = new RamBlockStore(SectorSize, Sectors, 3);
            ChfDeviceLog log = Open(flash, 16);
            log.Register(Parties.Esme, DeviceType.Esme, InstallCode);
            byte[] before = log.ExportSnapshot();
            // Every replay runs on this one flash image, put back to the checkpoint first. The checkpoint is only the
            // written prefix (the rest of the image is erased), so the check holds one 8 KB image, not one per cut.
            byte[] image = flash.Flash;
            byte[] checkpoint = BigEndian.Slice(image, 0, WrittenLength(image));
            long programmedBefore = flash.BytesProgrammed;
            log.Register(Parties.Gsme, DeviceType.Gsme, InstallCode);
            byte[] after = log.ExportSnapshot();
            long bytes = flash.BytesProgrammed - programmedBefore;
            // A replay programs what the full write programmed, up to the cut (NOR programming only clears bits), so it
            // changes nothing past the end of what the full write left written: restoring up to there is enough.
            int dirty = WrittenLength(image);
            if (dirty < checkpoint.Length) dirty = checkpoint.Length;
            for (long cut = 0; cut < bytes; cut++)
            {
                Array.Copy(checkpoint, 0, image, 0, checkpoint.Length);
                for (int i = checkpoint.Length; i < dirty; i++) image[i] = 0xFF;
                RamBlockStore replay = new RamBlockStore(image, SectorSize, (uint)cut);
                ChfDeviceLog victim = Open(replay, 16);
                replay.CutPowerAfterBytes(cut);
                try
                {
                    victim.Register(Parties.Gsme, DeviceType.Gsme, InstallCode);
                }
                catch (PowerLossException)
                {
                }
                byte[] recovered = Open(new RamBlockStore(image, SectorSize, 7), 16).ExportSnapshot();
                if (!SameBytes(recovered, before) && !SameBytes(recovered, after))
                    return "cut after " + cut.ToString() + " bytes recovered neither the old nor the new state";
            }
            // Had a replay written past that end, later replays would not have started from the checkpoint.
            if (WrittenLength(image) > dirty) return "a replay wrote where the full write did not";
            return null;
        }

        // Length of the image up to its last programmed (non-0xFF) byte.
        private static int WrittenLength(byte[] image)
        {
            int n = image.Length;
            while (n > 0 && image[n - 1] == 0xFF) n--;
            return n;
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            return a != null && b != null && a.Length == b.Length && BigEndian.RangeEquals(a, 0, b, 0, a.Length);
        }
    }
}

using System;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.SelfTest.Doubles;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>
    /// A hub engine as a board composes it, on one in-memory flash carved by <see cref="FlashLayout"/>, with the
    /// deterministic crypto doubles and the <see cref="Parties"/> keys: commands are MAC'd ACB x CHF, answers are
    /// checked CHF x ACB. Small sectors and a 4-device log keep it within a board's heap (12 KB of flash).
    /// </summary>
    public sealed class EngineRig
    {
        /// <summary>Sector size of the in-memory flash.</summary>
        public const int SectorSize = 1024;
        /// <summary>Sectors of the in-memory flash (the layout below).</summary>
        public const int Sectors = 12;
        /// <summary>Firmware version the engine reports (ECS52).</summary>
        public static readonly byte[] FirmwareVersion = { 0x01, 0x02, 0x03, 0x04 };
        /// <summary>A 16-byte install code (ZigBee example code with its CRC).</summary>
        public static readonly byte[] InstallCode =
            { 0x83, 0xFE, 0xD3, 0x40, 0x7A, 0x93, 0x97, 0x23, 0xA5, 0xC6, 0x39, 0xB2, 0x69, 0x16, 0xD5, 0x05 };

        private readonly DoubleCrypto _crypto = new DoubleCrypto();

        /// <summary>A hub on blank flash.</summary>
        public EngineRig() : this(new RamBlockStore(SectorSize, Sectors, 1)) { }

        /// <summary>A hub booting from <paramref name="flash"/> (reuse its array for a restart).</summary>
        public EngineRig(RamBlockStore flash)
        {
            Flash = flash;
            FlashLayoutOptions layout = new FlashLayoutOptions();
            layout.OutboxSectors = 2;
            DeviceLogOptions options = new DeviceLogOptions();
            options.Capacity = 4;
            options.DefaultExtendedPanId = Parties.Chf;
            FixedClock clock = new FixedClock(new DateTime(2026, 11, 29, 12, 0, 0));
            Storage = HubStorage.Open(flash, layout, new DoubleAes(), clock, options, 1, 4);
            if (Storage.TrustAnchors.AccessControlBroker == null)
                Storage.TrustAnchors.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, Parties.Acb, null, Parties.AcbKa.PublicKey));
            HubEngineConfig c = new HubEngineConfig();
            c.Eui = Parties.Chf;
            c.Crypto = _crypto;
            c.KeyAgreementKey = Parties.ChfKa;
            c.DigitalSignatureKey = Parties.ChfDs;
            c.Uplink = Uplink;
            c.Clock = clock;
            c.FirmwareVersion = FirmwareVersion;
            Storage.ApplyTo(c);
            Engine = new HubEngine(c);
        }

        /// <summary>The flash.</summary>
        public RamBlockStore Flash { get; private set; }
        /// <summary>Every persisted part.</summary>
        public HubStorage Storage { get; private set; }
        /// <summary>The engine.</summary>
        public HubEngine Engine { get; private set; }
        /// <summary>What the engine sent.</summary>
        public readonly CapturingUplink Uplink = new CapturingUplink();

        /// <summary>A CHF command from the ACB on behalf of the supplier, MAC'd ACB KA x CHF KA.</summary>
        public byte[] Command(int messageCode, ulong counter, byte[] payload)
        {
            GbcsFrameBuilder b = new GbcsFrameBuilder();
            b.WithMacHeader = true;
            b.Cra = CraFlag.Command;
            b.MessageCode = messageCode;
            b.OriginatorCounter = counter;
            b.Originator = Parties.Acb;
            b.Target = Parties.Chf;
            b.HasSupplementaryRemotePartyId = true;
            b.SupplementaryRemotePartyId = Parties.Supplier;
            b.HasSupplementaryRemotePartyCounter = true;
            b.SupplementaryRemotePartyCounter = 1000 + counter;
            b.SetContent(payload);
            byte[] frame = b.Build();
            new GbcsMac(_crypto).Apply(GbcsFrameParser.Parse(frame), Parties.AcbKa, Parties.ChfKa.PublicKey);
            return frame;
        }

        /// <summary>Hands <paramref name="frame"/> to the engine as if it came down from the WAN.</summary>
        public WanMessageOutcome Send(byte[] frame)
        {
            return Engine.HandleWanMessage(frame, 0, frame.Length);
        }

        /// <summary>Uplink frame <paramref name="index"/>, parsed.</summary>
        public GbcsMessage Frame(int index)
        {
            return GbcsFrameParser.Parse(Uplink.Get(index));
        }

        /// <summary>Null when <paramref name="m"/> answers command <paramref name="counter"/> of <paramref name="messageCode"/> with a valid CHF x ACB MAC.</summary>
        public string CheckResponse(GbcsMessage m, int messageCode, ulong counter)
        {
            if (m.Cra != CraFlag.Response) return "not a response";
            if (m.MessageCode != messageCode || m.OriginatorCounter != counter) return "response does not match the command";
            return CheckFromChf(m);
        }

        /// <summary>Null when <paramref name="m"/> is a MAC'd alert of <paramref name="messageCode"/> from the CHF to the ACB.</summary>
        public string CheckMacAlert(GbcsMessage m, int messageCode)
        {
            if (m.Cra != CraFlag.Alert) return "not an alert";
            if (m.MessageCode != messageCode) return "alert message code 0x" + m.MessageCode.ToString("X4");
            return CheckFromChf(m);
        }

        /// <summary>Null when the ECDSA signature of <paramref name="m"/> verifies with the CHF DS key.</summary>
        public string CheckChfSignature(GbcsMessage m)
        {
            if (m.Signature != SignatureKind.Ecdsa) return "not signed";
            return _crypto.EcdsaVerify(Parties.ChfDs.PublicKey, m.Buffer, m.SignedDataOffset, m.SignedDataLength, m.Buffer, m.SignatureOffset)
                ? null : "CHF signature does not verify";
        }

        private string CheckFromChf(GbcsMessage m)
        {
            if (m.Originator != Parties.Chf || m.Target != Parties.Acb) return "wrong originator or target";
            if (new GbcsMac(_crypto).Verify(m, Parties.AcbKa, Parties.ChfKa.PublicKey) != CheckResult.Valid) return "MAC (CHF x ACB) does not verify";
            return null;
        }
    }
}

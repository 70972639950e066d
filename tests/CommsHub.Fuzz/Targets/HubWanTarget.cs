using System.Security.Cryptography;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Fuzz.Targets;

/// <summary>
/// The hub engine's WAN entry point, <see cref="HubEngine.HandleWanMessage"/>, on a hub set up as the engine tests set
/// it up: CHF 00DB1234567890A2 with the RTDS ACB, supplier and network operator as trust anchors, over in-memory flash.
/// Its CHF key pairs are fixed (derived from a constant), so the seed commands are MAC'd for it and reach the use-case
/// handlers. Each input runs on a fresh hub from the same flash image, so a run does not depend on the inputs before it.
/// The engine refuses bad frames by its outcome; it documents no exception, so any exception is a bug.
/// </summary>
/// <remarks>
/// Almost every mutation of a command breaks its MAC, so <c>hub-wan</c> mostly exercises the parser and the refusals.
/// <c>hub-wan-mac</c> MACs each input to the CHF for the hub first (as the ACB would), so the fuzzed payloads reach the
/// command handlers behind the MAC check: a hub must not fail on an authenticated but malformed command either.
/// </remarks>
public sealed class HubWanTarget(bool macEachInput) : FuzzTarget
{
    private const ulong Chf = 0x00DB1234567890A2;
    private const ulong Acb = 0x90B3D51F30000002;
    private const ulong Supplier = 0x90B3D51F30010000;
    private const ulong NetworkOperator = 0x90B3D51F30020000;
    private const int SectorSize = 4096;

    private readonly Lazy<Hub> _hub = new(() => new Hub());

    /// <inheritdoc/>
    public override string Name => macEachInput ? "hub-wan-mac" : "hub-wan";

    /// <inheritdoc/>
    public override string Summary => "HubEngine.HandleWanMessage on a fresh RTDS-keyed hub"
        + (macEachInput ? ", each input MAC'd by the ACB first" : "")
        + "; refusal: its WanMessageOutcome (no exception is documented); accepted: Executed or Forwarded";

    /// <inheritdoc/>
    public override bool Execute(byte[] input) => Handle(input) is WanMessageOutcome.Executed or WanMessageOutcome.Forwarded;

    /// <summary>Handles one frame on a fresh hub and returns the engine's outcome.</summary>
    public WanMessageOutcome Handle(byte[] input)
    {
        var frame = macEachInput ? _hub.Value.TryRemac(input) : input;
        return _hub.Value.Engine().HandleWanMessage(frame, 0, frame.Length);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SeedInput> Seeds()
    {
        var hub = _hub.Value;
        var commands = RtdsCorpus.Entries.Where(e => e.Kind == "COMMAND").ToList();
        var toHub = commands.Where(e => e.Recipient == Chf.ToString("X16"));
        var forwarded = commands.Where(e => e.Recipient != Chf.ToString("X16")).GroupBy(e => e.Folder).Select(g => g.First()).Take(40);
        return toHub.Concat(forwarded)
            .Select(e => new SeedInput(SeedCorpus.SafeName(e.File), hub.Remac(RtdsCorpus.Bytes(e))))
            .ToList();
    }

    // The parts every run shares: keys, crypto, and the trust-anchor flash image written once.
    private sealed class Hub
    {
        private readonly NetGbcsCrypto _crypto = new();
        private readonly NetAes128 _aes = new();
        private readonly NetPrivateKey _chfKa = FixedKey("commshub-fuzz CHF key agreement");
        private readonly NetPrivateKey _chfDs = FixedKey("commshub-fuzz CHF digital signature");
        private readonly DirectoryKeyStore _rtdsKeys = new(RtdsCorpus.KeystorePath);
        private readonly byte[] _anchorImage = Erased();
        private readonly IClock _clock = new FixedClock(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        public Hub()
        {
            var anchors = TrustAnchors.Open(Store(_anchorImage));
            foreach (var (role, eui) in new[]
            {
                (RemotePartyRole.AccessControlBroker, Acb), (RemotePartyRole.Supplier, Supplier), (RemotePartyRole.NetworkOperator, NetworkOperator),
            })
            {
                anchors.Set(new TrustAnchorCell(role, eui,
                    _rtdsKeys.GetPublicKey(eui, KeyUsage.DigitalSignature, false)!, _rtdsKeys.GetPublicKey(eui, KeyUsage.KeyAgreement, false)!));
            }
        }

        // A hub booted on fresh flash holding only the trust anchors.
        public HubEngine Engine() => new(new HubEngineConfig
        {
            Eui = Chf,
            Crypto = _crypto,
            KeyAgreementKey = _chfKa,
            DigitalSignatureKey = _chfDs,
            TrustAnchors = TrustAnchors.Open(Store((byte[])_anchorImage.Clone())),
            DeviceLog = ChfDeviceLog.Open(Store(Erased()), _aes, _clock, new DeviceLogOptions { DefaultExtendedPanId = 0x0001020304050607 }),
            Counters = OriginatorCounterStore.Open(Store(Erased()), 4000),
            EventLog = new EventLog(Store(Erased()), EventLog.DefaultCapacity),
            SecurityLog = new SecurityLog(Store(Erased()), SecurityLog.DefaultCapacity),
            Uplink = new DiscardingUplink(),
            Han = new AcceptingHan(),
            Clock = _clock,
            FirmwareVersion = [0x01, 0x23, 0xAB, 0xCD],
        });

        // RTDS commands to the CHF carry a MAC for the real CHF key; re-MAC them (ACB KA private x our CHF KA public).
        public byte[] Remac(byte[] frame)
        {
            var copy = (byte[])frame.Clone();
            var m = GbcsFrameParser.Parse(copy);
            if (m.Target == Chf && m.MacOffset > 0)
                new GbcsMac(_crypto).Apply(m, _rtdsKeys.GetPrivateKey(Acb, KeyUsage.KeyAgreement, false)!, _chfKa.PublicKey);
            return copy;
        }

        // The frame MAC'd for this hub when it parses as one to the CHF with a MAC header, else the input unchanged.
        public byte[] TryRemac(byte[] input)
        {
            try
            {
                return Remac(input);
            }
            catch (GbcsFormatException)
            {
                return input;
            }
        }

        private static NetPrivateKey FixedKey(string label) => NetPrivateKey.FromScalar(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(label)));

        private static byte[] Erased()
        {
            var flash = new byte[2 * SectorSize];
            Array.Fill(flash, (byte)0xFF);
            return flash;
        }

        private static RamBlockStore Store(byte[] flash) => new(flash, SectorSize, 1);
    }

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    // The WAN side: frames the hub sends are dropped (their content is not what this target checks).
    private sealed class DiscardingUplink : IUplink
    {
        public bool Send(byte[] frame, int offset, int count) => true;

        // Always room: the target checks the command path, not the engine's hold-back.
        public int RoomFor(int frameLength) => int.MaxValue;
    }

    // The HAN side: every forward is taken; no frames come back.
    private sealed class AcceptingHan : IHanBridge
    {
        public event HanFrameHandler? FrameReceived { add { } remove { } }

        public event HanTimeoutHandler? CommandTimedOut { add { } remove { } }

        public HanForwardResult Forward(ulong target, byte[] frame, int offset, int count, ulong originatorCounter) => HanForwardResult.Sent;
    }
}

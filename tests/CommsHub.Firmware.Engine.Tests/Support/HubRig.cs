using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using CommsHub.Firmware.Net;

namespace CommsHub.Firmware.Engine.Tests.Support;

/// <summary>
/// A hub engine over in-memory flash (one store per persisted part, as a board partitions its flash) with a fresh
/// CHF key pair, trust anchors holding the RTDS ACB, supplier and network operator keys, and a fake WAN and HAN. It
/// can be restarted over the same flash, and builds ACB-MAC'd commands the way the DCC adapter does.
/// </summary>
public sealed class HubRig : IDisposable
{
    public const ulong Chf = 0x00DB1234567890A2;
    public const ulong Acb = 0x90B3D51F30000002;
    public const ulong Supplier = 0x90B3D51F30010000;
    public const ulong NetworkOperator = 0x90B3D51F30020000;
    public const ulong Esme = 0x00DB1234567890A0;
    public const ulong Gsme = 0x00DB1234567890A1;
    public const int SectorSize = 4096;
    public static readonly DateTime Start = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly byte[] Firmware = { 0x01, 0x23, 0xAB, 0xCD };

    private static readonly Lazy<DirectoryKeyStore> RtdsKeys = new(() => new DirectoryKeyStore(RtdsCorpus.KeystorePath));

    private readonly byte[] _logFlash = new byte[2 * SectorSize];
    private readonly byte[] _counterFlash = new byte[2 * SectorSize];
    private readonly byte[] _anchorFlash = new byte[2 * SectorSize];
    private readonly byte[] _eventFlash = new byte[2 * SectorSize];
    private readonly byte[] _securityFlash = new byte[2 * SectorSize];

    public HubRig(IHanLinkStatus? linkStatus = null)
    {
        foreach (var f in new[] { _logFlash, _counterFlash, _anchorFlash, _eventFlash, _securityFlash }) Array.Fill(f, (byte)0xFF);
        LinkStatus = linkStatus;
        var anchors = TrustAnchors.Open(Store(_anchorFlash));
        anchors.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, Acb, Public(Acb, KeyUsage.DigitalSignature), Public(Acb, KeyUsage.KeyAgreement)));
        anchors.Set(new TrustAnchorCell(RemotePartyRole.Supplier, Supplier, Public(Supplier, KeyUsage.DigitalSignature), Public(Supplier, KeyUsage.KeyAgreement)));
        anchors.Set(new TrustAnchorCell(RemotePartyRole.NetworkOperator, NetworkOperator, Public(NetworkOperator, KeyUsage.DigitalSignature), Public(NetworkOperator, KeyUsage.KeyAgreement)));
        Boot();
    }

    public NetGbcsCrypto Crypto { get; } = new();
    public NetPrivateKey ChfKa { get; } = NetPrivateKey.Generate();
    public NetPrivateKey ChfDs { get; } = NetPrivateKey.Generate();
    public NetAes128 Aes { get; } = new();
    public FakeClock Clock { get; } = new(Start);
    public FakeUplink Uplink { get; private set; } = new();
    public FakeHan Han { get; private set; } = new();
    public IHanLinkStatus? LinkStatus { get; }
    public HubEngine Engine { get; private set; } = null!;
    public uint CommunicationFlushSeconds { get; set; } = 3600;
    /// <summary>The event log's flash refuses every write from the next <see cref="Boot"/> (<see cref="RamBlockStore.WornOut"/>).</summary>
    public bool EventLogWornOut { get; set; }
    /// <summary>The security log's flash refuses every write from the next <see cref="Boot"/>.</summary>
    public bool SecurityLogWornOut { get; set; }

    public static IGbcsPrivateKey Private(ulong eui, KeyUsage usage) => RtdsKeys.Value.GetPrivateKey(eui, usage, false)!;
    public static byte[] Public(ulong eui, KeyUsage usage) => RtdsKeys.Value.GetPublicKey(eui, usage, false)!;

    /// <summary>Power-cycles the hub: every part is reopened from its flash; WAN and HAN fakes are new.</summary>
    public HubEngine Boot()
    {
        Uplink = new FakeUplink();
        Han = new FakeHan();
        var config = new HubEngineConfig
        {
            Eui = Chf,
            Crypto = Crypto,
            KeyAgreementKey = ChfKa,
            DigitalSignatureKey = ChfDs,
            TrustAnchors = TrustAnchors.Open(Store(_anchorFlash)),
            DeviceLog = ChfDeviceLog.Open(Store(_logFlash), Aes, Clock, new DeviceLogOptions { DefaultExtendedPanId = 0x0001020304050607 }),
            Counters = OriginatorCounterStore.Open(Store(_counterFlash), 4000),
            EventLog = new EventLog(new RamBlockStore(_eventFlash, SectorSize, 1) { WornOut = EventLogWornOut }, EventLog.DefaultCapacity),
            SecurityLog = new SecurityLog(new RamBlockStore(_securityFlash, SectorSize, 1) { WornOut = SecurityLogWornOut }, SecurityLog.DefaultCapacity),
            Uplink = Uplink,
            Han = Han,
            LinkStatus = LinkStatus,
            Clock = Clock,
            FirmwareVersion = Firmware,
            CommunicationFlushSeconds = CommunicationFlushSeconds,
        };
        Engine = new HubEngine(config);
        return Engine;
    }

    public ChfDeviceLog Log => Engine.DeviceLog;

    public WanMessageOutcome Send(byte[] frame) => Engine.HandleWanMessage(frame, 0, frame.Length);

    /// <summary>Re-applies the ACB MAC (ACB KA private x this hub's fresh CHF KA public); every other byte stays.</summary>
    public byte[] Remac(byte[] command) => Remac(command, Private(Acb, KeyUsage.KeyAgreement));

    public byte[] Remac(byte[] command, IGbcsPrivateKey macKey)
    {
        var copy = (byte[])command.Clone();
        var m = GbcsFrameParser.Parse(copy);
        Assert.True(new GbcsMac(Crypto).Apply(m, macKey, ChfKa.PublicKey));
        return copy;
    }

    /// <summary>An ACB-originated CHF command on behalf of the supplier (as RTDS CHF commands are), MAC'd.</summary>
    public byte[] Command(int messageCode, byte[] payload, ulong counter, ulong originator = Acb, ulong target = Chf,
        IGbcsPrivateKey? signer = null)
    {
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = true,
            Cra = CraFlag.Command,
            OriginatorCounter = counter,
            Originator = originator,
            Target = target,
            MessageCode = messageCode,
            HasSupplementaryRemotePartyId = originator == Acb,
            SupplementaryRemotePartyId = Supplier,
            HasSupplementaryRemotePartyCounter = originator == Acb,
            SupplementaryRemotePartyCounter = 1000 + counter,
            Signature = signer == null ? SignatureKind.Null : SignatureKind.Ecdsa,
        };
        b.SetContent(payload);
        var frame = b.Build();
        var m = GbcsFrameParser.Parse(frame);
        if (signer != null) GbcsSigner.Sign(Crypto, signer, m);
        if (target == Chf) Assert.True(new GbcsMac(Crypto).Apply(m, Private(Acb, KeyUsage.KeyAgreement), ChfKa.PublicKey));
        return frame;
    }

    /// <summary>Checks a frame the hub sent: MAC with the recipient's private key x the CHF KA public key.</summary>
    public CheckResult VerifyMac(byte[] frame)
    {
        var m = GbcsFrameParser.Parse(frame);
        return new GbcsMac(Crypto).Verify(m, Private(m.Target, KeyUsage.KeyAgreement), ChfKa.PublicKey);
    }

    public LogEntry[] SecurityEntries() => Engine.SecurityLog.Read(0, uint.MaxValue);
    public LogEntry[] EventEntries() => Engine.EventLog.Read(0, uint.MaxValue);

    private static RamBlockStore Store(byte[] flash) => new(flash, SectorSize, 1);

    public void Dispose()
    {
        Aes.Dispose();
        ChfKa.Dispose();
        ChfDs.Dispose();
    }
}

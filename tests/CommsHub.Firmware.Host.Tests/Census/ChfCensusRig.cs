using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Host.Tests.Census;

/// <summary>
/// The virtual hub's engine over RAM flash with a fresh CHF key pair and the RTDS ACB, supplier and network operator as
/// trust anchors, its WAN frames captured: what the CHF answers to one RTDS command. The HAN side refuses nothing and
/// answers nothing (the CHF commands need no meter).
/// </summary>
public sealed class ChfCensusRig : IDisposable
{
    private const int SectorSize = 4096;
    private readonly NetAes128 _aes = new();

    /// <summary>A hub with blank flash.</summary>
    public ChfCensusRig()
    {
        var anchors = TrustAnchors.Open(Store());
        foreach (var (role, eui) in new[] { (RemotePartyRole.AccessControlBroker, Rtds.Acb), (RemotePartyRole.Supplier, Rtds.Supplier),
                     (RemotePartyRole.NetworkOperator, Rtds.NetworkOperator) })
            anchors.Set(new TrustAnchorCell(role, eui, Rtds.Public(eui, KeyUsage.DigitalSignature), Rtds.Public(eui, KeyUsage.KeyAgreement)));
        Engine = new HubEngine(new HubEngineConfig
        {
            Eui = Rtds.Chf,
            Crypto = Crypto,
            KeyAgreementKey = Ka,
            DigitalSignatureKey = Ds,
            TrustAnchors = anchors,
            DeviceLog = ChfDeviceLog.Open(Store(), _aes, SystemClock.Instance, new DeviceLogOptions { DefaultExtendedPanId = Rtds.Chf }),
            Counters = OriginatorCounterStore.Open(Store(), 4000),
            EventLog = new EventLog(Store(), EventLog.DefaultCapacity),
            SecurityLog = new SecurityLog(Store(), SecurityLog.DefaultCapacity),
            Uplink = Uplink,
            Han = new SilentHan(),
            Clock = SystemClock.Instance,
            FirmwareVersion = [0x01, 0x23, 0xAB, 0xCD],
        });
    }

    /// <summary>Crypto primitives.</summary>
    public NetGbcsCrypto Crypto { get; } = new();

    /// <summary>The CHF's KA key pair.</summary>
    public NetPrivateKey Ka { get; } = NetPrivateKey.Generate();

    /// <summary>The CHF's DS key pair.</summary>
    public NetPrivateKey Ds { get; } = NetPrivateKey.Generate();

    /// <summary>What the hub sent to the WAN.</summary>
    public CapturingUplink Uplink { get; } = new();

    /// <summary>The engine.</summary>
    public HubEngine Engine { get; }

    /// <summary>
    /// Puts the hub's device log in the state RTDS's responses show: the RTDS ESME and GSME joined (CCS02 removes one,
    /// CCS05/CCS06/CCS07 read them), and a PPMID (RTDS's 00DB1234567890A4) that was paired, joined and removed again,
    /// so the historic device log holds it with its hashed TC link key as RTDS's CCS07 shows.
    /// </summary>
    public void HoldRtdsMeters()
    {
        byte[] installCode = CommsHub.Firmware.Host.Cli.MeterSpec.RtdsInstallCode;
        Engine.DeviceLog.Register(Rtds.Esme, CommsHub.Protocol.Asn1.DeviceType.Esme, installCode);
        Engine.DeviceLog.Register(Rtds.Gsme, CommsHub.Protocol.Asn1.DeviceType.Gsme, installCode);
        Engine.DeviceLog.Register(RemovedPpmid, CommsHub.Protocol.Asn1.DeviceType.Ppmid, installCode);
        Engine.DeviceLog.DeviceJoined(RemovedPpmid, CommsHub.Firmware.Core.Crypto.InstallCode.DeriveLinkKey(_aes, installCode)!);
        Engine.DeviceLog.Unregister(RemovedPpmid);
        // The CS14 alerts those changes raised are the set-up's, not the answer to the command that follows.
        Uplink.Frames.Clear();
    }

    /// <summary>The device RTDS's historic device log holds besides the GPF (00DB1234567890A4).</summary>
    public const ulong RemovedPpmid = 0x00DB1234567890A4;

    /// <summary>
    /// The CHF's response to the RTDS command (re-MAC'd for this hub): the first frame it sent with CRA Response, or
    /// an alert when it answered with one (ECS100), or null when it sent nothing.
    /// </summary>
    public byte[]? Answer(byte[] rtdsCommand)
    {
        var frame = HubSetup.Remac(rtdsCommand, Ka.PublicKey);
        Engine.HandleWanMessage(frame, 0, frame.Length);
        return Uplink.Frames.FirstOrDefault(f => GbcsFrameParser.Parse(f).Cra == CraFlag.Response) ?? Uplink.Frames.FirstOrDefault();
    }

    private static RamBlockStore Store() => new(SectorSize, 2, 1);

    /// <inheritdoc />
    public void Dispose()
    {
        _aes.Dispose();
        Ka.Dispose();
        Ds.Dispose();
    }

    /// <summary>An uplink with room for everything, keeping each frame.</summary>
    public sealed class CapturingUplink : IUplink
    {
        /// <summary>Frames sent, in order.</summary>
        public List<byte[]> Frames { get; } = [];

        /// <inheritdoc />
        public bool Send(byte[] frame, int offset, int count)
        {
            Frames.Add(frame.AsSpan(offset, count).ToArray());
            return true;
        }

        /// <inheritdoc />
        public int RoomFor(int frameLength) => int.MaxValue;
    }

    private sealed class SilentHan : IHanBridge
    {
        public event HanFrameHandler? FrameReceived { add { } remove { } }
        public event HanTimeoutHandler? CommandTimedOut { add { } remove { } }
        public HanForwardResult Forward(ulong target, byte[] frame, int offset, int count, ulong originatorCounter) => HanForwardResult.Sent;
    }
}

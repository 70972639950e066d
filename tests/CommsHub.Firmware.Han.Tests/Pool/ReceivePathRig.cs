using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Han.Ncp;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Han.Tests.Ncp;
using CommsHub.Firmware.Han.Tests.Support;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Pool;

/// <summary>
/// The hub's whole receive path as a board wires it, with nothing but portable code between the MQTT payload and the
/// NCP's UART bytes: <see cref="WanLink"/> → <see cref="HubEngine"/> → <see cref="HanBridge"/> → <see cref="NcpHanNetwork"/>
/// (EZSP, ASH) → <see cref="LeanNcp"/>, and back through the bridge's response tracking to the <see cref="Outbox"/>
/// and on to the broker. The NCP, the MQTT client and the crypto are stand-ins that allocate nothing once built, so
/// what <c>GC.GetAllocatedBytesForCurrentThread</c> sees around a message is the portable code's own allocation.
/// Each step reuses preallocated frames whose counters are patched in place.
/// </summary>
internal sealed class ReceivePathRig : IDisposable
{
    public const ulong Hub = 0x00DB1234567890A2;
    public const ulong Acb = 0x90B3D51F30000002;
    public const ulong Esme = 0x00DB1234567890A0;
    public const ulong Gsme = 0x00DB1234567890A1;
    public const int EsmeNode = 0x4F21;
    public const int GsmeNode = 0x4F22;
    private const int CounterBase = 0x1000;

    private readonly byte[] _fromNcp = new byte[4096];
    private readonly string _downTopic = "chub/" + Eui64.ToText(Hub) + "/down";
    private readonly byte[] _esmeCommand;
    private readonly byte[] _gsmeCommand;
    private readonly byte[] _esmeResponse;   // tunnel PUT + GBCS response
    private readonly byte[] _gsmeResponse;
    private readonly byte[] _get = HanFixture.Get();
    private readonly byte[] _replay;         // a MAC'd CHF command whose counter was already spent
    private readonly int _commandCounterAt;
    private readonly int _responseCounterAt;
    private ulong _counter = CounterBase;

    public ReceivePathRig(HanBridgeOptions? bridgeOptions = null)
    {
        Ncp = new LeanNcp();
        Clock = new FakeClock(new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        Log = ChfDeviceLog.Open(new RamBlockStore(4096, 2, 1), Aes, Clock, new DeviceLogOptions { Capacity = 16, DefaultExtendedPanId = Hub });
        var settings = new NcpNetworkSettings();
        settings.Security.NetworkKey = new byte[16];
        settings.Security.PreconfiguredKey = new byte[16];
        settings.Network.ExtendedPanId = Hub;
        settings.Network.PanId = 0x1A2B;
        Radio = new NcpHanNetwork(Ncp, Clock, settings);
        Bridge = new HanBridge(Radio, Log, Clock, bridgeOptions ?? new HanBridgeOptions());
        Outbox = Outbox.Mount(new RamBlockStore(4096, 8, 2), 0, 8, 64);
        var anchors = TrustAnchors.Open(new RamBlockStore(4096, 2, 3));
        anchors.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, Acb, Point(1), Point(2)));
        Counters = OriginatorCounterStore.Open(new RamBlockStore(4096, 2, 4), 4000);
        Engine = new HubEngine(new HubEngineConfig
        {
            Eui = Hub,
            Crypto = Crypto,
            KeyAgreementKey = new StubKey(),
            DigitalSignatureKey = new StubKey(),
            TrustAnchors = anchors,
            DeviceLog = Log,
            Counters = Counters,
            EventLog = new EventLog(new RamBlockStore(4096, 2, 5), EventLog.DefaultCapacity),
            SecurityLog = new SecurityLog(new RamBlockStore(4096, 2, 6), SecurityLog.DefaultCapacity),
            Uplink = Outbox,
            Han = Bridge,
            Clock = Clock,
            FirmwareVersion = [0, 1, 0, 0],
        });
        Link = new WanLink(Wan, Outbox, Bridge, new WanLinkOptions { HubEui = Hub, ReceiveMaximum = 4, InboxCapacity = 4, PreallocateInbox = true },
            (f, o, c) => Engine.HandleWanMessage(f, o, c) != WanMessageOutcome.HeldBack);

        _esmeCommand = HanFixture.Command(Esme, CounterBase, 40);
        _gsmeCommand = HanFixture.Command(Gsme, CounterBase, 40);
        _esmeResponse = HanFixture.Put(HanFixture.Response(Esme, CounterBase));
        _gsmeResponse = HanFixture.Put(HanFixture.Response(Gsme, CounterBase));
        _commandCounterAt = CounterOffset(c => HanFixture.Command(Esme, c, 40));
        _responseCounterAt = 1 + CounterOffset(c => HanFixture.Response(Esme, c));
        var chf = new GbcsFrameBuilder
        {
            WithMacHeader = true, Cra = CraFlag.Command, Originator = Acb, Target = Hub, OriginatorCounter = 5, MessageCode = 0x0033,
        };
        chf.SetContent(new byte[] { 0xD9, 0x01, 0x02 });
        _replay = chf.Build();
        Counters.Accept(Acb, 5);

        Link.Tick(Clock.UtcNow); // connects and subscribes
        Radio.Start();
        Flow();
        Assert.Equal(NcpHanStatus.Up, Radio.Status);
        Join(Esme, EsmeNode, DeviceType.Esme, 1);
        Join(Gsme, GsmeNode, DeviceType.Gsme, 2);
    }

    public LeanNcp Ncp { get; }
    public FakeClock Clock { get; }
    public NetAes128 Aes { get; } = new();
    public StubCrypto Crypto { get; } = new();
    public ChfDeviceLog Log { get; }
    public NcpHanNetwork Radio { get; }
    public HanBridge Bridge { get; }
    public Outbox Outbox { get; }
    public OriginatorCounterStore Counters { get; }
    public HubEngine Engine { get; }
    public LeanWanTransport Wan { get; } = new();
    public WanLink Link { get; }

    /// <summary>
    /// One round of steady-state traffic: a command to the (awake) ESME goes out through the NCP and its response
    /// comes back to the broker; a command to the (sleepy) GSME waits in its mailbox until the GSME's GET, then its
    /// response comes back; a replayed CHF command is parsed, its MAC checked and refused as a replay.
    /// </summary>
    public void Round()
    {
        Clock.Advance(TimeSpan.FromSeconds(1));      // time moves as on a board: communication times change every round
        ulong counter = ++_counter;
        BigEndian.WriteUInt64(_esmeCommand, _commandCounterAt, counter);
        BigEndian.WriteUInt64(_gsmeCommand, _commandCounterAt, counter);
        BigEndian.WriteUInt64(_esmeResponse, _responseCounterAt, counter);
        BigEndian.WriteUInt64(_gsmeResponse, _responseCounterAt, counter);

        Wan.Deliver(_downTopic, _esmeCommand);
        Link.Tick(Clock.UtcNow);                     // → engine → bridge → EZSP sendUnicast → ASH → NCP
        Flow();
        Ncp.TunnelFromDevice(EsmeNode, 0x0102, _esmeResponse, 0, _esmeResponse.Length);
        Flow();                                      // ASH → EZSP callback → bridge → engine → outbox

        Wan.Deliver(_downTopic, _gsmeCommand);
        Link.Tick(Clock.UtcNow);                     // → the GSME's mailbox
        Ncp.TunnelFromDevice(GsmeNode, 0x0103, _get, 0, _get.Length);
        Flow();                                      // the GET releases it: GET-RESPONSE through the NCP
        Ncp.TunnelFromDevice(GsmeNode, 0x0103, _gsmeResponse, 0, _gsmeResponse.Length);
        Flow();

        Wan.Deliver(_downTopic, _replay);
        Link.Tick(Clock.UtcNow);                     // parse, MAC check, replay: security log; then publish the answers
    }

    /// <summary>Moves the NCP's bytes to the host until it has nothing more to say.</summary>
    public void Flow()
    {
        while (Ncp.Pending > 0)
        {
            int n = Ncp.Drain(_fromNcp, 0, _fromNcp.Length);
            Radio.Receive(_fromNcp, 0, n);
        }
    }

    private void Join(ulong eui, int node, DeviceType type, int seed)
    {
        Assert.Equal(DeviceLogResult.Success, Log.Register(eui, type, HanFixture.Code(seed)));
        Log.SetJoinTimeout(600);
        Log.SetJoiningEnabled(true);
        Flow();
        Ncp.JoinDevice(eui, node);
        Flow();
        Assert.Equal(JoinState.Joined, Log.Find(eui)!.JoinState);
    }

    private static int CounterOffset(Func<ulong, byte[]> frame)
    {
        byte[] a = frame(0x0101010101010101), b = frame(0x0202020202020202);
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return i;
        throw new InvalidOperationException("the originator counter is not in the frame");
    }

    private static byte[] Point(int seed)
    {
        var p = new byte[65];
        p[0] = 0x04;
        p[1] = (byte)seed;
        return p;
    }

    public void Dispose() => Aes.Dispose();

    /// <summary>A key handle the engine holds but this path never uses.</summary>
    internal sealed class StubKey : IGbcsPrivateKey
    {
        public byte[] PublicKey { get; } = Point(9);
    }

    /// <summary>
    /// Crypto that allocates nothing and calls every MAC valid, so the portable MAC check runs to the end and the
    /// replay check decides (the real primitives are the platform's: native mbedTLS on a board).
    /// </summary>
    internal sealed class StubCrypto : IGbcsCrypto
    {
        public void Sha256(byte[] data, int offset, int count, byte[] digest, int digestOffset) => Array.Clear(digest, digestOffset, 32);

        public void Sha256(byte[] first, int firstOffset, int firstCount, byte[] second, int secondOffset, int secondCount, byte[] digest, int digestOffset) =>
            Array.Clear(digest, digestOffset, 32);

        public bool EcdsaVerify(byte[] publicKey, byte[] data, int offset, int count, byte[] signature, int signatureOffset) => true;

        public void EcdsaSign(IGbcsPrivateKey key, byte[] data, int offset, int count, byte[] signature, int signatureOffset) =>
            Array.Clear(signature, signatureOffset, 64);

        public bool EcdhSharedSecret(IGbcsPrivateKey key, byte[] peerPublicKey, byte[] z, int zOffset)
        {
            Array.Clear(z, zOffset, 32);
            return true;
        }

        public void AesGcmEncrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount, byte[] plaintext, int plaintextOffset,
            int plaintextCount, byte[] ciphertext, int ciphertextOffset, byte[] tag, int tagOffset, int tagLength) =>
            Array.Clear(tag, tagOffset, tagLength);

        public bool AesGcmDecrypt(byte[] key, byte[] iv, byte[] aad, int aadOffset, int aadCount, byte[] ciphertext, int ciphertextOffset,
            int ciphertextCount, byte[] tag, int tagOffset, int tagLength, byte[] plaintext, int plaintextOffset) => true;
    }
}

/// <summary>An MQTT client stand-in that allocates nothing per message: always connected, PUBACK at once.</summary>
internal sealed class LeanWanTransport : IWanTransport
{
    private int _nextId;
    private int _nextDelivery;

    public bool IsConnected => true;
    public int Published { get; private set; }
    public int Acknowledged { get; private set; }

    public event WanMessageHandler? MessageReceived;
    public event WanPublishAckHandler? PublishCompleted;
#pragma warning disable CS0067 // never raised: this broker never drops the connection
    public event WanDisconnectedHandler? Disconnected;
#pragma warning restore CS0067

    public bool Connect(WanConnectOptions options) => true;
    public void Disconnect() { }
    public bool Subscribe(string topic) => true;
    public void Acknowledge(int deliveryId) => Acknowledged++;
    public void Release(int deliveryId) { }

    public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        Published++;
        _nextId = _nextId % 65535 + 1;
        PublishCompleted?.Invoke(_nextId, true);
        return _nextId;
    }

    /// <summary>The broker delivers <paramref name="payload"/> (the client library's own array on a board).</summary>
    public void Deliver(string topic, byte[] payload)
    {
        _nextDelivery = _nextDelivery % 65535 + 1;
        MessageReceived?.Invoke(topic, payload, 0, payload.Length, _nextDelivery);
    }
}

using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using CommsHub.Firmware.Core.Crypto;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Time;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;

namespace CommsHub.Benchmarks;

/// <summary>
/// CHF commands through <see cref="HubEngine.HandleWanMessage"/>, per command: parse, ACB MAC check (ECDH secret
/// cached per key pair, as on a hub that talks to one ACB), counter check and persist, execute, build and MAC the
/// response, event log entry, all over in-memory flash. Frames are pre-built with rising counters (a hub accepts each
/// counter once); when a pool is used up the engine restarts on blank flash, which the per-command figures amortise.
/// Allocated bytes per command stand in for the device heap (target: at most 8 KB). The full-log cases run with the
/// default capacity used up: 16 joined devices (16-byte hashed TC link keys) and 15 historic entries, so CCS06, CCS07
/// and CS14 answer with the largest logs a hub holds. Each case builds only its own frame pool.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class HubEngineBenchmarks
{
    private const int Batch = 256;
    private const int Pool = 32768;
    private const ulong Chf = 0x00DB1234567890A2;
    private const ulong Acb = 0x90B3D51F30000002;
    private const ulong Supplier = 0x90B3D51F30010000;

    private readonly NetGbcsCrypto _crypto = new();
    private readonly NetPrivateKey _chfKa = NetPrivateKey.Generate();
    private readonly NetPrivateKey _chfDs = NetPrivateKey.Generate();
    private readonly ManualClock _clock = new();
    private readonly NullUplink _uplink = new();
    private readonly NetAes128 _aes = new();
    private DirectoryKeyStore _keys = null!;
    private byte[][] _ecs52 = [], _ccs06 = [], _ccs01 = [], _tampered = [], _ccs07 = [], _churn = [];
    private bool _fullLog;
    private int _next;
    private HubEngine _engine = null!;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10));
            AddColumn(StatisticColumn.Median); // the machine is shared: medians resist the outliers
        }
    }

    [GlobalSetup(Targets = [nameof(Ecs52)])]
    public void SetupEcs52() => Setup(false, () => _ecs52 = Frames(c => MessageCodes.ECS52, Ecs52Payload));

    [GlobalSetup(Targets = [nameof(Ccs06)])]
    public void SetupCcs06() => Setup(false, () => _ccs06 = Frames(c => MessageCodes.CCS06, Ccs06Payload));

    [GlobalSetup(Targets = [nameof(Ccs01)])]
    public void SetupCcs01() => Setup(false, () => _ccs01 = Frames(c => MessageCodes.CCS01, c => Ccs01Payload(c, 0x00DB1234567890A0)));

    [GlobalSetup(Targets = [nameof(Tampered)])]
    public void SetupTampered() => Setup(false, () =>
        _tampered = Frames(c => MessageCodes.ECS52, Ecs52Payload).Select(f => { var t = (byte[])f.Clone(); t[^1] ^= 1; return t; }).ToArray());

    [GlobalSetup(Targets = [nameof(Ccs06Full)])]
    public void SetupCcs06Full() => Setup(true, () => _ccs06 = Frames(c => MessageCodes.CCS06, Ccs06Payload));

    [GlobalSetup(Targets = [nameof(Ccs07Full)])]
    public void SetupCcs07Full() => Setup(true, () => _ccs07 = Frames(c => MessageCodes.CCS07, c => Ccs07ReadDeviceLogs.BuildRequest(AccessRequest.InvokeIdFor(c)).Encode()));

    [GlobalSetup(Targets = [nameof(ChurnFull)])]
    public void SetupChurnFull() => Setup(true, () => _churn = Frames(
        c => c % 2 == 1 ? MessageCodes.CCS02 : MessageCodes.CCS01,
        c => c % 2 == 1 ? Ccs02Payload(c, Joined(15)) : Ccs01Payload(c, Joined(15))));

    private void Setup(bool fullLog, Action frames)
    {
        _keys = new DirectoryKeyStore(RtdsCorpus.KeystorePath);
        _fullLog = fullLog;
        frames();
        Boot();
    }

    private static byte[] Ecs52Payload(ulong c) => Ecs52ReadFirmwareVersion.BuildRequest(AccessRequest.InvokeIdFor(c)).Encode();

    private static byte[] Ccs06Payload(ulong c) => Ccs06ReadDeviceLog.BuildRequest(AccessRequest.InvokeIdFor(c)).Encode();

    private static byte[] Ccs01Payload(ulong c, ulong eui) => new Ccs01AddDevice
    {
        LongInvokeIdAndPriority = AccessRequest.InvokeIdFor(c), DeviceId = eui, DeviceType = 1,
        InstallCode = "0123456789ABCDEF"u8.ToArray(), JoinTimeout = 90, EnableJoining = true,
    }.Encode();

    private static byte[] Ccs02Payload(ulong c, ulong eui) => new Ccs02RemoveDevice
    {
        LongInvokeIdAndPriority = AccessRequest.InvokeIdFor(c), DeviceId = eui,
    }.Encode();

    private static ulong Joined(int i) => 0x00DB123456780000UL + (ulong)i;

    [Benchmark(OperationsPerInvoke = Batch, Description = "ECS52 read firmware version (CHF)")]
    public int Ecs52() => Run(_ecs52, WanMessageOutcome.Executed);

    [Benchmark(OperationsPerInvoke = Batch, Description = "CCS06 read device log, 2 devices")]
    public int Ccs06() => Run(_ccs06, WanMessageOutcome.Executed);

    [Benchmark(OperationsPerInvoke = Batch, Description = "CCS01 add device already logged (3 device log writes)")]
    public int Ccs01() => Run(_ccs01, WanMessageOutcome.Executed);

    [Benchmark(OperationsPerInvoke = Batch, Description = "tampered command rejected (MAC check + security log)")]
    public int Tampered() => Run(_tampered, WanMessageOutcome.Rejected);

    [Benchmark(OperationsPerInvoke = Batch, Description = "CCS06 read device log, full: 16 devices joined")]
    public int Ccs06Full() => Run(_ccs06, WanMessageOutcome.Executed);

    [Benchmark(OperationsPerInvoke = Batch, Description = "CCS07 read device logs, full: 16 joined + 15 historic")]
    public int Ccs07Full() => Run(_ccs07, WanMessageOutcome.Executed);

    [Benchmark(OperationsPerInvoke = Batch, Description = "CCS02/CCS01 alternating on a full log, each + CS14 of 15/16 devices")]
    public int ChurnFull() => Run(_churn, WanMessageOutcome.Executed);

    private int Run(byte[][] frames, WanMessageOutcome expected)
    {
        int ok = 0;
        for (int i = 0; i < Batch; i++)
        {
            if (_next >= Pool) Boot();
            var f = frames[_next++];
            if (_engine.HandleWanMessage(f, 0, f.Length) == expected) ok++;
        }
        if (ok != Batch) throw new InvalidOperationException($"{Batch - ok} commands did not end {expected}");
        return ok;
    }

    private void Boot()
    {
        var anchors = new TrustAnchors();
        anchors.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, Acb, null, _keys.GetPublicKey(Acb, KeyUsage.KeyAgreement, false)));
        anchors.Set(new TrustAnchorCell(RemotePartyRole.Supplier, Supplier, null, _keys.GetPublicKey(Supplier, KeyUsage.KeyAgreement, false)));
        var log = ChfDeviceLog.Open(new RamBlockStore(4096, 2, 1), _aes, _clock, new DeviceLogOptions { DefaultExtendedPanId = 1 });
        if (_fullLog) Fill(log);
        else
        {
            log.Register(0x00DB1234567890A0, CommsHub.Protocol.Asn1.DeviceType.Esme, "0123456789ABCDEF"u8.ToArray());
            log.Register(0x00DB1234567890A1, CommsHub.Protocol.Asn1.DeviceType.Gsme, "0123456789ABCDEF"u8.ToArray());
        }
        _engine = new HubEngine(new HubEngineConfig
        {
            Eui = Chf, Crypto = _crypto, KeyAgreementKey = _chfKa, DigitalSignatureKey = _chfDs, TrustAnchors = anchors,
            DeviceLog = log, Counters = OriginatorCounterStore.Open(new RamBlockStore(4096, 2, 1), 1),
            EventLog = new EventLog(new RamBlockStore(4096, 2, 1), EventLog.DefaultCapacity),
            SecurityLog = new SecurityLog(new RamBlockStore(4096, 2, 1), SecurityLog.DefaultCapacity),
            Uplink = _uplink, Clock = _clock, FirmwareVersion = [1, 2, 3, 4],
        });
        _next = 0;
    }

    // 15 devices that joined and were removed (the historic log, full), then 16 joined devices (the log, full).
    private static void Fill(ChfDeviceLog log)
    {
        var code = "0123456789ABCDEF"u8.ToArray();
        for (int i = 0; i < DeviceLogOptions.HistoricCapacity; i++)
        {
            ulong gone = 0x00DB123456790000UL + (ulong)i;
            log.Register(gone, CommsHub.Protocol.Asn1.DeviceType.Esme, code);
            log.DeviceJoined(gone, TcKey(i + 100));
            log.Unregister(gone);
        }
        for (int i = 0; i < log.Capacity; i++)
        {
            log.Register(Joined(i), CommsHub.Protocol.Asn1.DeviceType.Esme, code);
            log.DeviceJoined(Joined(i), TcKey(i));
        }
        if (log.Count != 16 || log.HistoricCount != 15) throw new InvalidOperationException("full log not reached");
    }

    private static byte[] TcKey(int seed) => Enumerable.Range(0, 16).Select(k => (byte)(k * 13 + seed)).ToArray();

    private byte[][] Frames(Func<ulong, int> messageCode, Func<ulong, byte[]> payload)
    {
        var mac = new GbcsMac(_crypto);
        var acbKa = _keys.GetPrivateKey(Acb, KeyUsage.KeyAgreement, false)!;
        var frames = new byte[Pool][];
        for (int i = 0; i < Pool; i++)
        {
            ulong counter = (ulong)i + 1;
            var b = new GbcsFrameBuilder
            {
                WithMacHeader = true, Cra = CraFlag.Command, OriginatorCounter = counter, Originator = Acb, Target = Chf,
                MessageCode = messageCode(counter), HasSupplementaryRemotePartyId = true, SupplementaryRemotePartyId = Supplier,
                HasSupplementaryRemotePartyCounter = true, SupplementaryRemotePartyCounter = counter,
            };
            b.SetContent(payload(counter));
            frames[i] = b.Build();
            mac.Apply(GbcsFrameParser.Parse(frames[i]), acbKa, _chfKa.PublicKey);
        }
        return frames;
    }

    private sealed class ManualClock : IClock
    {
        public DateTime UtcNow => new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    }

    private sealed class NullUplink : IUplink
    {
        public bool Send(byte[] frame, int offset, int count) => true;
        public int RoomFor(int frameLength) => int.MaxValue;
    }

}

using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Framing;
using Xunit;
using CommsHub.Firmware.Net;

namespace CommsHub.Firmware.Han.Tests.Support;

/// <summary>A device log on RAM flash, a fake radio and a bridge between them; records what the bridge raises.</summary>
public sealed class HanFixture : IDisposable
{
    public static readonly DateTime Start = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    public const ulong Hub = 0x00DB1234567890A2;
    public const ulong Acb = 0x90B3D51F30000002;
    public const ulong Esme = 0x00DB1234567890A0;
    public const ulong Gsme = 0x00DB1234567890A1;
    public const ulong Ihd = 0x00DB1234567890B0;

    public HanFixture(HanBridgeOptions? options = null)
    {
        Store = new RamBlockStore(4096, 2, 1);
        Log = ChfDeviceLog.Open(Store, Aes, Clock, new DeviceLogOptions { Capacity = 16, DefaultExtendedPanId = Hub });
        Bridge = new HanBridge(Network, Log, Clock, options ?? new HanBridgeOptions());
        Bridge.FrameReceived += (s, f, o, c) => Received.Add((s, f.AsSpan(o, c).ToArray()));
        Bridge.CommandTimedOut += (t, c, r) => TimedOut.Add((t, c, r));
        Bridge.JoinRefused += d => Refused.Add(d);
    }

    public NetAes128 Aes { get; } = new();
    public FakeClock Clock { get; } = new(Start);
    public RamBlockStore Store { get; }
    public ChfDeviceLog Log { get; }
    public FakeHanNetwork Network { get; } = new();
    public HanBridge Bridge { get; }
    public List<(ulong Source, byte[] Frame)> Received { get; } = new();
    public List<(ulong Target, ulong Counter, HanTimeoutReason Reason)> TimedOut { get; } = new();
    public List<ulong> Refused { get; } = new();

    public static byte[] Code(int seed)
    {
        var b = new byte[16];
        new Random(seed).NextBytes(b);
        return b;
    }

    public static byte[] Key(int seed) => Code(1000 + seed);

    public void Register(ulong eui, DeviceType type, int seed = 1) =>
        Assert.Equal(DeviceLogResult.Success, Log.Register(eui, type, Code(seed)));

    public void OpenJoinWindow(int seconds = 600)
    {
        Log.SetJoinTimeout(seconds);
        Log.SetJoiningEnabled(true);
    }

    /// <summary>Registers, opens the window and lets the device join with TC link key <see cref="Key"/>(seed).</summary>
    public void Joined(ulong eui, DeviceType type, int seed = 1)
    {
        Register(eui, type, seed);
        OpenJoinWindow();
        Network.Join(eui, Key(seed));
        Assert.Equal(JoinState.Joined, Log.Find(eui)!.JoinState);
    }

    /// <summary>A GBCS command from the ACB to <paramref name="target"/> (MAC header, null signature).</summary>
    public static byte[] Command(ulong target, ulong counter, int length = 20) => Frame(CraFlag.Command, Acb, target, counter, length);

    /// <summary>The device's response to a command with this counter (originator and target swapped).</summary>
    public static byte[] Response(ulong device, ulong counter) => Frame(CraFlag.Response, device, Acb, counter, 12);

    public static byte[] Alert(ulong device, ulong counter) => Frame(CraFlag.Alert, device, Acb, counter, 12);

    public static byte[] Frame(CraFlag cra, ulong from, ulong to, ulong counter, int length)
    {
        var content = new byte[length];
        for (int i = 0; i < length; i++) content[i] = (byte)(i + 1);
        content[0] = 0xD9;
        var b = new GbcsFrameBuilder { WithMacHeader = true, Cra = cra, Originator = from, Target = to, OriginatorCounter = counter, MessageCode = 0x0038 };
        b.SetContent(content);
        return b.Build();
    }

    public static byte[] Put(byte[] gbcs) => TunnelFrame.Encode(TunnelCommand.Put, 0, gbcs, 0, gbcs.Length);

    public static byte[] Get() => TunnelFrame.Encode(TunnelCommand.Get, 0, null!, 0, 0);

    public void Dispose() => Aes.Dispose();
}

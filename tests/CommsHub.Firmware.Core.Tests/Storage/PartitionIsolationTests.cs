using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.Tests.Storage;

/// <summary>
/// One flash, all hub parts (<see cref="HubStorage"/> over a <see cref="FlashLayout"/>): the parts survive a reboot
/// together, and a power cut at every byte and during every erase of one part's writes never changes a byte of any
/// other part, which reopens with exactly the state it had.
/// </summary>
public sealed class PartitionIsolationTests : IDisposable
{
    private const int Sector = 1024;
    private const int Sectors = 20;
    private const ulong Acb = 0x90B3D51F30000002;
    private static readonly byte[] Code = "0123456789ABCDEF"u8.ToArray();
    private static readonly FlashLayoutOptions Small = new() { FirstSector = 1, OutboxSectors = 4 };

    private readonly NetAes128 _aes = new();
    private readonly ITestOutputHelper _out;

    public PartitionIsolationTests(ITestOutputHelper output) => _out = output;
    private readonly FakeClock _clock = new(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    public void Dispose() => _aes.Dispose();

    private HubStorage Open(RamBlockStore flash) =>
        HubStorage.Open(flash, Small, _aes, _clock, new DeviceLogOptions { Capacity = 2, DefaultExtendedPanId = 7 }, 1, 8);

    // Something in every part, so that damage anywhere would show.
    private byte[] Baseline()
    {
        var flash = new RamBlockStore(Sector, Sectors, 1);
        var s = Open(flash);
        s.DeviceLog.Register(0x00DB1234567890A0, DeviceType.Esme, Code);
        s.Counters.Accept(Acb, 41);
        s.TrustAnchors.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, Acb, null, Key(1)));
        s.EventLog.Record(100, 0x1234);
        s.SecurityLog.Record(101, 0x4321);
        s.Outbox.Enqueue([1, 2, 3], 0, 3);
        return flash.Flash;
    }

    private static byte[] Key(int seed) => Enumerable.Range(0, 65).Select(i => (byte)(i == 0 ? 4 : i + seed)).ToArray();

    // What each part holds, as seen after a reopen.
    private static string State(HubStorage s, string part) => part switch
    {
        "device log" => Convert.ToHexString(s.DeviceLog.ExportSnapshot()),
        "originator counters" => s.Counters.LastAccepted(Acb) + "/" + s.Counters.Count,
        "trust anchors" => s.TrustAnchors.AccessControlBroker == null ? "none" : Convert.ToHexString(s.TrustAnchors.AccessControlBroker.KaPublicKey!),
        "event log" => string.Join(",", s.EventLog.Read(0, uint.MaxValue).Select(e => e.Time + ":" + e.EventCode)),
        "security log" => string.Join(",", s.SecurityLog.Read(0, uint.MaxValue).Select(e => e.Time + ":" + e.EventCode)),
        "outbox" => s.Outbox.Count + "/" + s.Outbox.HeadId,
        _ => throw new ArgumentException(part),
    };

    private static readonly string[] Parts = ["device log", "originator counters", "trust anchors", "event log", "security log", "outbox"];

    // A scripted run of writes to one part only, long enough to rotate its sectors (so erases are cut too).
    private void Script(HubStorage s, string part)
    {
        for (int i = 0; i < 40; i++)
        {
            switch (part)
            {
                case "device log":
                    s.DeviceLog.SetJoinTimeout(i + 1);
                    break;
                case "originator counters":
                    s.Counters.Accept(Acb, 42UL + 2 * (ulong)i);
                    s.Counters.Accept(Acb, 43UL + 2 * (ulong)i);
                    break;
                case "trust anchors":
                    s.TrustAnchors.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, Acb, null, Key(i + 2)));
                    break;
                case "event log":
                    for (int k = 0; k < 4; k++) s.EventLog.Record(200 + (uint)(i * 4 + k), 0x1000 + k);
                    break;
                case "security log":
                    for (int k = 0; k < 4; k++) s.SecurityLog.Record(300 + (uint)(i * 4 + k), 0x2000 + k);
                    break;
                case "outbox":
                    s.Outbox.Enqueue(Enumerable.Repeat((byte)i, 200).ToArray(), 0, 200);
                    if (s.Outbox.Count > 3)
                    {
                        var buffer = new byte[1024];
                        s.Outbox.ReadHead(buffer, 0, out uint id);
                        s.Outbox.Acknowledge(id);
                    }
                    break;
            }
        }
    }

    [Fact]
    public void All_parts_reopen_from_one_flash_after_a_reboot()
    {
        var image = Baseline();
        var again = Open(new RamBlockStore((byte[])image.Clone(), Sector, 2));
        Assert.Equal(1, again.DeviceLog.Count);
        Assert.Equal(41UL, again.Counters.LastAccepted(Acb));
        Assert.Equal(Key(1), again.TrustAnchors.AccessControlBroker!.KaPublicKey);
        Assert.Single(again.EventLog.Read(0, uint.MaxValue));
        Assert.Single(again.SecurityLog.Read(0, uint.MaxValue));
        Assert.Equal(1, again.Outbox.Count);
        Assert.All(image.Take(Sector), b => Assert.Equal(0xFF, b)); // sector 0 lies before the layout: untouched
    }

    [Fact]
    public void ApplyTo_fills_the_engine_configuration()
    {
        var s = Open(new RamBlockStore(Sector, Sectors, 1));
        var c = new HubEngineConfig();
        s.ApplyTo(c);
        Assert.Same(s.DeviceLog, c.DeviceLog);
        Assert.Same(s.Counters, c.Counters);
        Assert.Same(s.TrustAnchors, c.TrustAnchors);
        Assert.Same(s.EventLog, c.EventLog);
        Assert.Same(s.SecurityLog, c.SecurityLog);
        Assert.Same(s.Outbox, c.Uplink);
    }

    [Theory]
    [MemberData(nameof(PartNames))]
    public void A_power_cut_in_one_part_never_damages_another(string part)
    {
        var image = Baseline();
        var before = Parts.ToDictionary(p => p, p => State(Open(new RamBlockStore((byte[])image.Clone(), Sector, 3)), p));

        // Dry run: how many bytes and erases the script costs in this part (and that it touches nothing else).
        var dry = new RamBlockStore((byte[])image.Clone(), Sector, 4);
        var ds = Open(dry);
        Script(ds, part);
        var window = Window(ds, part);
        long bytes = dry.BytesProgrammed;
        int erases = (int)dry.TotalErases;
        Assert.True(erases >= 1, part + ": " + bytes + " bytes, " + erases + " erases: the script must rotate sectors");
        AssertOutsideEqual(image, dry.Flash, window);

        int cuts = 0;
        for (long k = 0; k < bytes + erases; k++)
        {
            var flash = new RamBlockStore((byte[])image.Clone(), Sector, (uint)k + 10);
            if (k < bytes) flash.CutPowerAfterBytes(k);
            else flash.CutPowerDuringErase((int)(k - bytes), -1);
            var s = Open(flash);
            // The outbox reports a failed write as a result rather than throwing, so the cut is checked on the flash.
            try
            {
                Script(s, part);
            }
            catch (PowerLossException)
            {
            }
            Assert.True(flash.PowerLost, part + ": cut " + k + " was not reached");
            cuts++;
            AssertOutsideEqual(image, flash.Flash, window);
            var reopened = Open(new RamBlockStore(flash.Flash, Sector, 5));
            foreach (var other in Parts.Where(p => p != part)) Assert.Equal(before[other], State(reopened, other));
        }
        Assert.Equal(bytes + erases, cuts);
        _out.WriteLine(part + ": " + bytes + " byte cuts, " + erases + " erase cuts, other parts intact");
    }

    public static TheoryData<string> PartNames()
    {
        var d = new TheoryData<string>();
        foreach (var p in Parts) d.Add(p);
        return d;
    }

    private static (int Start, int End) Window(HubStorage s, string part)
    {
        var p = Enumerable.Range(0, s.Layout.Count).Select(s.Layout.Get).Single(x => x.Name == part);
        return (p.ParentAddress, p.ParentAddress + p.Size);
    }

    private static void AssertOutsideEqual(byte[] expected, byte[] actual, (int Start, int End) window)
    {
        Assert.True(expected.AsSpan(0, window.Start).SequenceEqual(actual.AsSpan(0, window.Start)), "bytes before the partition changed");
        Assert.True(expected.AsSpan(window.End).SequenceEqual(actual.AsSpan(window.End)), "bytes after the partition changed");
    }
}

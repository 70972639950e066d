using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Firmware.Core.Tests.Support;
using Xunit;
using CommsHub.Firmware.Net;
using CommsHub.Protocol.Asn1;

namespace CommsHub.Firmware.Core.Tests.DeviceLog;

public class PersistenceTests
{
    [Fact]
    public void A_restart_restores_the_exact_state()
    {
        using var f = new LogFixture();
        for (ulong i = 1; i <= 16; i++) f.Log.Register(i, (DeviceType)(i % 7 == 3 ? 1 : i % 7), LogFixture.Code((int)i));
        for (ulong i = 1; i <= 8; i++) f.Log.DeviceJoined(i, LogFixture.Code(100 + (int)i));
        f.Log.DeviceJoined(9, f.Log.Find(9)!.GetLinkKey()); // TC key = install key: stored once
        f.Log.DeviceLeft(3);
        f.Clock.Advance(TimeSpan.FromMinutes(3));
        f.Log.RecordCommunication(5);
        for (ulong i = 1; i <= 4; i++) f.Log.Unregister(i);
        f.Log.SetJoinTimeout(120);
        f.Log.SetJoiningEnabled(true);
        var before = Describe(f.Log);
        var snapshot = f.Log.ExportSnapshot();
        var log = f.Reboot();
        Assert.Equal(before, Describe(log));
        Assert.Equal(snapshot, log.ExportSnapshot());
    }

    [Fact]
    public void Blank_flash_opens_an_empty_log_with_the_default_pan()
    {
        using var f = new LogFixture();
        Assert.Equal(0, f.Log.Count);
        Assert.Equal(0x00DB1234567890A2UL, f.Log.ExtendedPanId);
        Assert.Equal(0, f.Reboot().Count);
    }

    [Fact]
    public void A_failed_write_rolls_the_visible_state_back()
    {
        using var aes = new NetAes128();
        var clock = new FakeClock(LogFixture.Start);
        var store = new FailingStore(new RamBlockStore(4096, 2, 1));
        var log = ChfDeviceLog.Open(store, aes, clock, new DeviceLogOptions());
        log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        var before = log.ExportSnapshot();
        store.Fail = true;
        Assert.Throws<BlockStoreException>(() => log.Register(2, DeviceType.Esme, LogFixture.Code(2)));
        Assert.Null(log.Find(2));
        Assert.Equal(1, log.Count);
        Assert.Equal(before, log.ExportSnapshot());
        store.Fail = false;
        Assert.Equal(DeviceLogResult.Success, log.Register(2, DeviceType.Esme, LogFixture.Code(2)));
    }

    [Fact]
    public void A_foreign_record_kind_is_a_format_error()
    {
        using var aes = new NetAes128();
        var store = new RamBlockStore(4096, 2, 1);
        RecordLog.Mount(store).Append(0x42, new byte[10], 0, 10);
        Assert.Throws<DeviceLogFormatException>(() => ChfDeviceLog.Open(store, aes, new FakeClock(LogFixture.Start), null!));
    }

    [Fact]
    public void Writes_per_operation_are_reported_per_change()
    {
        using var f = new LogFixture();
        f.Log.Register(1, DeviceType.Esme, LogFixture.Code(1));
        var w = f.Log.LastChange!.Write;
        // 18-byte fixed part + 15 + 16 (link key), plus the 20-byte record overhead.
        Assert.Equal(18 + 31 + 20, w.BytesProgrammed);
        Assert.Equal(2, w.ProgramCalls); // header, body and CRC in one program, then the commit byte
        Assert.Equal(f.Log.BytesProgrammed, w.BytesProgrammed);
    }

    /// <summary>Canonical text of everything visible through the public API.</summary>
    internal static string Describe(ChfDeviceLog log)
    {
        var s = new System.Text.StringBuilder();
        s.Append($"pan={log.ExtendedPanId:X16} jt={log.JoinTimeout} je={log.JoiningEnabled} end={log.JoinWindowEnd}\n");
        for (int i = 0; i < log.Count; i++)
        {
            var e = log.GetEntry(i);
            s.Append($"{e.Eui:X16} {e.DeviceType} {e.JoinState} {e.LastCommunication} L={Hex(e.GetLinkKey())} T={Hex(e.GetTcLinkKey())} H={Hex(e.GetHashedTcLinkKey())}\n");
        }
        for (int i = 0; i < log.HistoricCount; i++)
        {
            var h = log.GetHistoricEntry(i);
            s.Append($"hist {h.Eui:X16} T={Hex(h.GetTcLinkKey())}\n");
        }
        return s.ToString();

        static string Hex(byte[]? b) => b is null ? "-" : Convert.ToHexString(b);
    }

    private sealed class FailingStore(RamBlockStore inner) : IBlockStore
    {
        public bool Fail { get; set; }
        public int SectorSize => inner.SectorSize;
        public int SectorCount => inner.SectorCount;
        public long ProgramCount => inner.ProgramCount;
        public long BytesProgrammed => inner.BytesProgrammed;
        public long TotalErases => inner.TotalErases;
        public int GetEraseCount(int sector) => inner.GetEraseCount(sector);
        public void Read(int address, byte[] buffer, int offset, int count) => inner.Read(address, buffer, offset, count);
        public void Erase(int sector) => inner.Erase(sector);
        public void Program(int address, byte[] data, int offset, int count)
        {
            if (Fail) throw new BlockStoreException(BlockStoreError.OutOfRange, "simulated hardware fault");
            inner.Program(address, data, offset, count);
        }
    }
}

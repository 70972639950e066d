using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Firmware.Engine.Tests;

/// <summary>The persisted parts the engine relies on: log rings, originator counters, trust anchors.</summary>
public sealed class PersistenceTests
{
    private static RamBlockStore Flash(int sectorSize = 1024, int sectors = 3) => new(sectorSize, sectors, 7);

    [Fact]
    public void Log_ring_keeps_the_newest_capacity_entries_oldest_first_and_survives_a_remount()
    {
        var store = Flash();
        var ring = LogRing.Open(store, 50);
        for (uint i = 1; i <= 200; i++) ring.Append(i, 0x8F00 + (int)(i % 7), new byte[] { (byte)i }, 0, 1);

        var entries = ring.Read(0, uint.MaxValue, 1000);
        Assert.Equal(Enumerable.Range(151, 50).Select(i => (uint)i), entries.Select(e => e.Time));
        Assert.Equal(50, ring.Count);

        var again = LogRing.Open(new RamBlockStore(store.Flash, 1024, 8), 50);
        Assert.Equal(entries.Select(e => (e.Time, e.EventCode, e.Detail[0])), again.Read(0, uint.MaxValue, 1000).Select(e => (e.Time, e.EventCode, e.Detail[0])));
        again.Append(201, 1, Array.Empty<byte>(), 0, 0);
        Assert.Equal(201u, again.Read(0, uint.MaxValue, 1000)[^1].Time);
    }

    [Fact]
    public void Log_ring_reads_a_time_range()
    {
        var ring = LogRing.Open(Flash(), 60);
        for (uint i = 1; i <= 20; i++) ring.Append(i * 10, 1, Array.Empty<byte>(), 0, 0);
        Assert.Equal(new uint[] { 50, 60, 70 }, ring.Read(45, 75, 100).Select(e => e.Time));
        Assert.Equal(new uint[] { 60, 70 }, ring.Read(45, 75, 2).Select(e => e.Time));
    }

    [Fact]
    public void Log_ring_power_cut_at_any_byte_keeps_all_earlier_entries_and_never_shows_garbage()
    {
        // Measure one append's programmed bytes, then cut power after every possible byte count of the 31st append.
        var probe = Flash();
        var probeRing = LogRing.Open(probe, 60);
        for (uint i = 1; i <= 30; i++) probeRing.Append(i, 0x8F3D, new byte[] { 1, 2, 3 }, 0, 3);
        long before = probe.BytesProgrammed;
        probeRing.Append(31, 0x8F3D, new byte[] { 1, 2, 3 }, 0, 3);
        long cost = probe.BytesProgrammed - before;

        for (long cut = 0; cut < cost; cut++)
        {
            var store = Flash();
            var ring = LogRing.Open(store, 60);
            for (uint i = 1; i <= 30; i++) ring.Append(i, 0x8F3D, new byte[] { 1, 2, 3 }, 0, 3);
            store.CutPowerAfterBytes(cut);
            Assert.Throws<PowerLossException>(() => ring.Append(31, 0x8F3D, new byte[] { 1, 2, 3 }, 0, 3));

            var after = LogRing.Open(new RamBlockStore(store.Flash, 1024, (uint)cut), 60);
            var times = after.Read(0, uint.MaxValue, 100).Select(e => e.Time).ToArray();
            Assert.Equal(Enumerable.Range(1, 30).Select(i => (uint)i), times);
            after.Append(32, 0x8F12, Array.Empty<byte>(), 0, 0);
            Assert.Equal(32u, after.Read(0, uint.MaxValue, 100)[^1].Time);
        }
    }

    [Fact]
    public void Log_ring_refuses_a_capacity_the_sectors_cannot_hold()
    {
        Assert.Throws<ArgumentException>(() => LogRing.Open(Flash(1024, 2), 33));
        Assert.Throws<ArgumentException>(() => LogRing.Open(Flash(1024, 1), 1));
    }

    [Fact]
    public void Security_log_records_reason_message_code_and_originator()
    {
        var log = new SecurityLog(Flash(), 20);
        log.RecordRejection(99, SecurityReason.Replay, 0x0001, 0x90B3D51F30000002, 0x516);
        var e = Assert.Single(log.Read(0, 1000));
        Assert.Equal(EventCodes.FailedAuthenticationOther, e.EventCode);
        Assert.Equal(SecurityReason.Replay, SecurityLog.ReasonOf(e));
        Assert.Equal("06" + "0001" + "90B3D51F30000002" + "00000516", Convert.ToHexString(e.Detail));
    }

    [Fact]
    public void Counters_accept_only_rising_values_per_party_and_persist()
    {
        var store = Flash(4096, 2);
        var c = OriginatorCounterStore.Open(store, 1);
        Assert.True(c.Accept(0xA, 5));
        Assert.False(c.Accept(0xA, 5));
        Assert.False(c.Accept(0xA, 4));
        Assert.True(c.Accept(0xB, 1));
        Assert.True(c.Accept(0xA, 6));

        var again = OriginatorCounterStore.Open(new RamBlockStore(store.Flash, 4096, 2), 1);
        Assert.Equal(6UL, again.LastAccepted(0xA));
        Assert.Equal(1UL, again.LastAccepted(0xB));
        Assert.False(again.IsFresh(0xA, 6));
        Assert.True(again.IsFresh(0xC, 1));
    }

    [Fact]
    public void Counter_power_cut_leaves_the_old_or_the_new_value_never_less()
    {
        // Measure the second accept's programmed bytes, then cut power after every possible byte count of it: each cut
        // must really interrupt the write (a cut that never fires proves nothing), and the remount sees 10 or 11.
        var probe = Flash(4096, 2);
        var probeCounters = OriginatorCounterStore.Open(probe, 1);
        probeCounters.Accept(0xA, 10);
        long before = probe.BytesProgrammed;
        Assert.True(probeCounters.Accept(0xA, 11));
        long cost = probe.BytesProgrammed - before;
        Assert.True(cost > 0, "the accept wrote nothing to flash");

        int old = 0;
        for (long cut = 0; cut < cost; cut++)
        {
            var store = Flash(4096, 2);
            var c = OriginatorCounterStore.Open(store, 1);
            c.Accept(0xA, 10);
            store.CutPowerAfterBytes(cut);
            Assert.Throws<PowerLossException>(() => c.Accept(0xA, 11));
            var after = OriginatorCounterStore.Open(new RamBlockStore(store.Flash, 4096, 3), 1).LastAccepted(0xA);
            Assert.True(after is 10 or 11, $"cut {cut} of {cost}: {after}");
            if (after == 10) old++;
        }
        // A cut before the first byte leaves the old value; the uncut write leaves the new one.
        Assert.True(old > 0, $"no cut of {cost} left the old value");
        Assert.Equal(11UL, OriginatorCounterStore.Open(new RamBlockStore(probe.Flash, 4096, 3), 1).LastAccepted(0xA));
    }

    [Fact]
    public void Own_counter_rises_across_reboots_with_one_write_per_block()
    {
        var store = Flash(4096, 2);
        var c = OriginatorCounterStore.Open(store, 4000);
        long writes = store.ProgramCount;
        var seen = Enumerable.Range(0, 100).Select(_ => c.NextOwnCounter()).ToList();
        Assert.Equal(4000UL, seen[0]);
        Assert.True(store.ProgramCount - writes <= 2 * 4);
        var after = OriginatorCounterStore.Open(new RamBlockStore(store.Flash, 4096, 2), 4000);
        Assert.True(after.NextOwnCounter() > seen[^1]);
    }

    [Fact]
    public void Trust_anchors_persist_replace_and_reject_bad_keys()
    {
        using var k1 = NetPrivateKey.Generate();
        using var k2 = NetPrivateKey.Generate();
        var store = Flash(4096, 2);
        var t = TrustAnchors.Open(store);
        t.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, 0x90B3D51F30000002, null, k1.PublicKey));
        t.Set(new TrustAnchorCell(RemotePartyRole.Supplier, 0x90B3D51F30010000, k2.PublicKey, k1.PublicKey));
        t.Set(new TrustAnchorCell(RemotePartyRole.AccessControlBroker, 0x90B3D51F30000003, null, k2.PublicKey));

        var again = TrustAnchors.Open(new RamBlockStore(store.Flash, 4096, 2));
        Assert.Equal(0x90B3D51F30000003UL, again.AccessControlBroker!.Eui);
        Assert.Equal(k2.PublicKey, again.AccessControlBroker.KaPublicKey);
        Assert.Null(again.AccessControlBroker.DsPublicKey);
        Assert.Equal(RemotePartyRole.Supplier, again.FindByEui(0x90B3D51F30010000)!.Role);
        Assert.Null(again.FindByEui(0x90B3D51F30000002));
        Assert.Throws<ArgumentException>(() => new TrustAnchorCell(RemotePartyRole.Root, 1, new byte[64], null));
        Assert.Throws<ArgumentException>(() => new TrustAnchorCell(RemotePartyRole.Root, 0, null, null));
    }

    [Fact]
    public void Critical_command_codes_match_the_gbcs_message_types()
    {
        Assert.True(CriticalCommands.IsCritical(0x0012));
        Assert.True(CriticalCommands.IsCritical(0x0104));
        Assert.False(CriticalCommands.IsCritical(0x0001));
        Assert.False(CriticalCommands.IsCritical(0x0059));
    }
}

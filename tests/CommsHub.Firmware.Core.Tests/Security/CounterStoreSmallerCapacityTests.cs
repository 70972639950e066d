using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Asn1;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Security;

/// <summary>
/// An anti-replay table written under a larger capacity (a firmware that tracked more parties) still opens under a
/// smaller one with every counter it holds, as the device log does (SmallerCapacityTests): it reports full until
/// parties leave, and every change persists. Dropping it would make every remembered counter fresh again, re-opening
/// the replay of old commands, and restart the hub's own alert counter below values already sent.
/// </summary>
public sealed class CounterStoreSmallerCapacityTests
{
    private const int SectorSize = 4096;
    private const ulong FirstParty = 0x7700000000000001;
    private const ulong NewParty = 0x7800000000000001;

    private static RamBlockStore Reopen(RamBlockStore flash) => new(flash.Flash, SectorSize, 2);

    private static byte[] Key() => Enumerable.Range(0, 65).Select(i => (byte)(i == 0 ? 4 : i)).ToArray();

    [Fact]
    public void A_table_stored_under_a_larger_capacity_keeps_every_counter_reports_full_and_still_persists()
    {
        var flash = new RamBlockStore(SectorSize, 2, 1);
        var larger = OriginatorCounterStore.Open(flash, 1);
        for (int i = 0; i < OriginatorCounterStore.Capacity; i++) Assert.True(larger.Accept(FirstParty + (ulong)i, 100 + (ulong)i));
        var own = larger.NextOwnCounter();

        var smaller = OriginatorCounterStore.Open(Reopen(flash), 1, 4);

        Assert.Equal(OriginatorCounterStore.Capacity, smaller.Count);
        for (int i = 0; i < OriginatorCounterStore.Capacity; i++)
        {
            Assert.Equal(100 + (ulong)i, smaller.LastAccepted(FirstParty + (ulong)i));
            Assert.False(smaller.IsFresh(FirstParty + (ulong)i, 100 + (ulong)i)); // the replay of the last command stays refused
        }
        Assert.True(smaller.NextOwnCounter() > own);
        // Full: a new party's counter cannot be recorded (the engine then refuses its command) until parties leave.
        Assert.False(smaller.Accept(NewParty, 1));
        // A party it holds still moves on, and the whole table is persisted with it.
        Assert.True(smaller.Accept(FirstParty, 500));
        var again = OriginatorCounterStore.Open(Reopen(flash), 1, 4);
        Assert.Equal(OriginatorCounterStore.Capacity, again.Count);
        Assert.Equal(500UL, again.LastAccepted(FirstParty));
        Assert.Equal(115UL, again.LastAccepted(FirstParty + 15));
        // Forgetting the parties no trust anchor names brings it under its capacity: a new party fits again.
        var anchors = new TrustAnchors();
        anchors.Set(new TrustAnchorCell(RemotePartyRole.Supplier, FirstParty, null, Key()));
        Assert.Equal(OriginatorCounterStore.Capacity - 1, again.ForgetUnanchored(anchors));
        Assert.True(again.Accept(NewParty, 1));
        Assert.Equal(2, OriginatorCounterStore.Open(Reopen(flash), 1, 4).Count);
    }

    [Fact]
    public void A_capacity_a_snapshot_cannot_hold_is_refused()
    {
        var flash = new RamBlockStore(SectorSize, 2, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => OriginatorCounterStore.Open(flash, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OriginatorCounterStore.Open(flash, 1, OriginatorCounterStore.MaxCapacity + 1));
    }
}

using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using Xunit;

namespace CommsHub.Firmware.Core.Tests.Logs;

/// <summary>
/// One sender flooding the hub with rejected frames (no key needed: a bad MAC or a malformed frame is enough) must not
/// push out of the 100-entry security log what was logged before the flood, nor wear its two sectors out: rejections
/// of one event code beyond a short burst are counted, not written, and the count rides on that code's next entry.
/// </summary>
public class SecurityLogFloodTests
{
    private const uint T = 800_000_000;

    private static (SecurityLog Log, RamBlockStore Store) Open()
    {
        var store = new RamBlockStore(4096, 2, 1);
        return (new SecurityLog(store, SecurityLog.DefaultCapacity), store);
    }

    [Fact]
    public void Ten_minutes_of_flood_keep_the_entry_logged_before_it_and_barely_touch_the_flash()
    {
        var (log, store) = Open();
        log.RecordRejection(T, SecurityReason.MacInvalid, 0x0001, 0x90B3D51F30000002, 0x516);
        long programs = store.ProgramCount;

        // 2,000 frames at 300 ms, cycling through every rejection reason.
        for (int i = 0; i < 2_000; i++)
            log.RecordRejection(T + 1 + (uint)(i * 300 / 1000), (SecurityReason)(1 + i % 10), i & 0xFFFF, (ulong)i, (ulong)i);

        var entries = log.Read(0, uint.MaxValue);
        Assert.Equal(T, entries[0].Time);
        Assert.Equal(SecurityReason.MacInvalid, SecurityLog.ReasonOf(entries[0]));
        Assert.True(entries.Length < 64, entries.Length.ToString());
        Assert.Equal(0, store.TotalErases);
        Assert.True(store.ProgramCount - programs < 130);
        Assert.Equal(2_000, entries.Skip(1).Count() + entries.Sum(e => SecurityLog.RepeatsOf(e)) + log.Suppressed);
    }

    [Fact]
    public void Rejections_past_the_burst_are_counted_on_the_next_entry_of_their_code()
    {
        var (log, _) = Open();
        for (int i = 0; i < SecurityLog.Burst + 6; i++) log.RecordRejection(T, SecurityReason.Malformed, 0, 0, 0);
        // Another code has its own burst.
        log.RecordRejection(T, SecurityReason.Replay, 1, 2, 3);
        Assert.Equal(SecurityLog.Burst + 1, log.Read(0, uint.MaxValue).Length);
        Assert.Equal(6, log.Suppressed);

        log.RecordRejection(T + SecurityLog.RefillSeconds, SecurityReason.NotACommand, 0, 0, 0);

        var last = log.Read(0, uint.MaxValue)[^1];
        Assert.Equal(EventCodes.CommandIntegrityFailed, last.EventCode);
        Assert.Equal(SecurityReason.NotACommand, SecurityLog.ReasonOf(last));
        Assert.Equal(6, SecurityLog.RepeatsOf(last));
        Assert.Equal(0, log.Suppressed);
    }

    [Fact]
    public void A_clock_put_back_does_not_refill_the_burst()
    {
        var (log, _) = Open();
        for (int i = 0; i < SecurityLog.Burst; i++) log.RecordRejection(T, SecurityReason.MacInvalid, 0, 0, 0);
        log.RecordRejection(T - 3600, SecurityReason.MacInvalid, 0, 0, 0);
        log.RecordRejection(T - 3600 + SecurityLog.RefillSeconds - 1, SecurityReason.MacInvalid, 0, 0, 0);
        Assert.Equal(SecurityLog.Burst, log.Read(0, uint.MaxValue).Length);
        log.RecordRejection(T - 3600 + SecurityLog.RefillSeconds, SecurityReason.MacInvalid, 0, 0, 0);
        Assert.Equal(SecurityLog.Burst + 1, log.Read(0, uint.MaxValue).Length);
    }
}

using CommsHub.Firmware.Core.Security;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Firmware.Han.Tests.Pool;

/// <summary>
/// The steady-state receive path allocates nothing beyond its fixed pools (hardware/README.md, "Receive path: fixed
/// pools"): after a warm-up, 1,000 rounds of WAN commands forwarded through the NCP (awake and sleepy device), their
/// responses back to the outbox and the broker, and a replayed CHF command refused after its MAC check, allocate
/// 0 bytes on the test's thread. Any new per-message array, object, string or boxing on that path fails it.
/// </summary>
public sealed class ReceivePathAllocationTests(ITestOutputHelper output)
{
    private const int Warmup = 64;
    private const int Rounds = 1000;

    [Fact]
    public void A_thousand_rounds_of_traffic_allocate_nothing_on_the_portable_path()
    {
        using var rig = new ReceivePathRig();
        for (int i = 0; i < Warmup; i++) rig.Round();
        int unicasts = rig.Ncp.Unicasts;
        int published = rig.Wan.Published;
        long rejected = rig.Engine.MessagesRejected;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++) rig.Round();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"{allocated} bytes over {Rounds} rounds ({(double)allocated / Rounds:F1} per round)");
        // The path really ran: two unicasts (PUT, GET-RESPONSE) and two responses published per round, one replay refused.
        Assert.Equal(unicasts + 2 * Rounds, rig.Ncp.Unicasts);
        Assert.Equal(published + 2 * Rounds, rig.Wan.Published);
        Assert.Equal(rejected + Rounds, rig.Engine.MessagesRejected);
        Assert.Equal(SecurityReason.Replay, rig.Engine.LastRejection);
        Assert.Equal(0, rig.Bridge.OutstandingCount);
        Assert.Equal(0, rig.Outbox.Count);
        Assert.Equal(0L, allocated);
    }
}

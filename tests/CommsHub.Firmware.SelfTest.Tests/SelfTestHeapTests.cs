using CommsHub.Firmware.SelfTest;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Firmware.SelfTest.Tests;

/// <summary>
/// The self-test must fit a board's managed heap (96 KB, measured on nanoCLR: BENCHMARKS.md). What stays alive for the
/// whole run is the check list, so it must hold names and entry points only, never the frames the checks build:
/// 22 frames built up front used to sit scattered across nanoCLR's heap until no free block was big enough for the
/// device log checks' 8 KB flash image.
/// </summary>
public class SelfTestHeapTests(ITestOutputHelper output)
{
    [Fact]
    public void The_check_list_builds_nothing_before_the_checks_run()
    {
        SelfTestSuite.All(); // static data (keys, constants) is made once per process, like on the board
        long before = GC.GetAllocatedBytesForCurrentThread();
        var checks = SelfTestSuite.All();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"listing {checks.Length} checks allocated {allocated} bytes");
        // A check object, its delegate and the list's arrays: about 150 bytes a check on .NET (5.5 KB for 37). Building the
        // 22 frames up front, as before, allocated 33 KB here.
        Assert.True(allocated <= 256 * checks.Length, $"listing {checks.Length} checks allocated {allocated} bytes");
    }
}

using CommsHub.Cli.Faults;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// The bench waits for its hubs' ready line while they keep reporting progress (a start of 2,000 hubs outlasts any
/// fixed deadline on a busy machine), and gives up only once they fall silent or exit.
/// </summary>
public sealed class ChildProgressWaitTests
{
    private static ChildProcess Run(string script, StringWriter log) =>
        ChildProcess.StartProgram("child", "/bin/bash", ["-c", script], new Dictionary<string, string>(), Path.GetTempPath(), log);

    [Fact]
    public async Task A_child_that_keeps_reporting_is_waited_for_past_the_stall_time()
    {
        var log = new StringWriter();
        using var child = Run("for i in 1 2 3 4 5 6; do echo \"commshub-hub: started $i of 7 hub(s)\"; sleep 0.5; done; echo 'ready'; sleep 30", log);
        var reported = new List<string>();
        var started = DateTime.UtcNow;

        Assert.True(await child.WaitForLineWhileProgressingAsync(l => l == "ready", l => l.Contains("started"), reported.Add,
            TimeSpan.FromSeconds(1.5), CancellationToken.None));

        Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(2.5)); // longer than the stall time in all
        Assert.Equal(6, reported.Count);
        Assert.Equal("commshub-hub: started 6 of 7 hub(s)", reported[^1]);
        await child.KillAsync();
    }

    [Fact]
    public async Task A_child_that_falls_silent_is_given_up_after_the_stall_time()
    {
        var log = new StringWriter();
        using var child = Run("echo 'commshub-hub: started 1 of 2 hub(s)'; sleep 30", log);
        var started = DateTime.UtcNow;

        Assert.False(await child.WaitForLineWhileProgressingAsync(l => l == "ready", l => l.Contains("started"), _ => { },
            TimeSpan.FromSeconds(1.5), CancellationToken.None));

        var waited = DateTime.UtcNow - started;
        Assert.InRange(waited, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        Assert.False(child.Exited.IsCompleted);
        await child.KillAsync();
    }

    [Fact]
    public async Task A_child_that_exits_is_given_up_at_once()
    {
        var log = new StringWriter();
        using var child = Run("echo 'commshub-hub: started 1 of 2 hub(s)'; exit 3", log);

        Assert.False(await child.WaitForLineWhileProgressingAsync(l => l == "ready", l => l.Contains("started"), _ => { },
            TimeSpan.FromSeconds(60), CancellationToken.None));
        Assert.True(child.Exited.IsCompleted);
    }
}

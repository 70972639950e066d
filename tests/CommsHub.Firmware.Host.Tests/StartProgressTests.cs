using CommsHub.Firmware.Host.Cli;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// A long start of many hubs says how far it has got, at most once per interval, so the bench (and a user) can tell a
/// slow start from a stuck one; a quick start prints nothing beyond the ready line.
/// </summary>
public sealed class StartProgressTests
{
    [Fact]
    public void A_start_longer_than_the_interval_prints_how_many_hubs_have_started_at_most_once_per_interval()
    {
        var now = new DateTime(2026, 12, 7, 19, 0, 0, DateTimeKind.Utc);
        var output = new StringWriter();
        var progress = new StartProgress(output, 2000, TimeSpan.FromSeconds(5), () => now);

        for (var i = 1; i <= 2000; i++)
        {
            now = now.AddMilliseconds(40); // 80 s in all
            progress.Started(i);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(15, lines.Length); // every 125 hubs (5 s), the 2,000th left to the ready line
        Assert.Equal("commshub-hub: started 125 of 2000 hub(s)", lines[0].TrimEnd());
        Assert.Equal("commshub-hub: started 1875 of 2000 hub(s)", lines[^1].TrimEnd());
    }

    [Fact]
    public void A_start_quicker_than_the_interval_prints_nothing()
    {
        var now = DateTime.UnixEpoch;
        var output = new StringWriter();
        var progress = new StartProgress(output, 10, TimeSpan.FromSeconds(5), () => now);
        for (var i = 1; i <= 10; i++)
        {
            now = now.AddMilliseconds(400);
            progress.Started(i);
        }
        Assert.Equal("", output.ToString());
    }
}

using CommsHub.Firmware.Core.Wan;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Wan;

public class BackoffTests
{
    [Fact]
    public void Ceiling_doubles_from_the_base_and_caps()
    {
        var b = new Backoff(1000, 60000, 1);
        Assert.Equal(new[] { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000 }, Enumerable.Range(1, 8).Select(b.Ceiling));
        Assert.Equal(60000, b.Ceiling(1000)); // no overflow for absurd attempt counts
    }

    [Fact]
    public void Delays_are_jittered_within_the_upper_half_of_each_step_and_never_exceed_the_cap()
    {
        var b = new Backoff(1000, 60000, 42);
        for (int round = 0; round < 50; round++)
        {
            for (int attempt = 1; attempt <= 12; attempt++)
            {
                int c = b.Ceiling(attempt);
                int d = b.NextDelayMs(attempt);
                Assert.InRange(d, c / 2, c);
            }
        }
    }

    [Fact]
    public void Delays_grow_exponentially_on_average()
    {
        var b = new Backoff(1000, 1 << 30, 7);
        double previous = 0;
        for (int attempt = 1; attempt <= 10; attempt++)
        {
            double mean = Enumerable.Range(0, 200).Average(_ => b.NextDelayMs(attempt));
            if (attempt > 1) Assert.InRange(mean / previous, 1.7, 2.3);
            previous = mean;
        }
    }

    [Fact]
    public void Jitter_actually_varies_and_replays_from_the_seed()
    {
        int[] Run(uint seed)
        {
            var b = new Backoff(1000, 60000, seed);
            return Enumerable.Range(0, 20).Select(_ => b.NextDelayMs(6)).ToArray();
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
        Assert.True(Run(5).Distinct().Count() > 10);
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Backoff(0, 10, 1));
        Assert.Throws<ArgumentException>(() => new Backoff(10, 5, 1));
    }
}

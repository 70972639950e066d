using CommsHub.Firmware.SelfTest;
using Xunit;

namespace CommsHub.Firmware.SelfTest.Tests;

public class SelfTestRunnerTests
{
    private sealed class Lines : ISelfTestOutput
    {
        public List<string> All { get; } = [];
        public void WriteLine(string line) => All.Add(line);
    }

    private sealed class Fixed(string name, string? failure, bool throws = false) : ISelfTestCheck
    {
        public string Name => name;
        public string? Run() => throws ? throw new InvalidOperationException("boom") : failure;
    }

    [Fact]
    public void The_suite_passes_and_prints_one_line_per_check_then_the_summary()
    {
        var output = new Lines();
        var checks = SelfTestSuite.All();
        Assert.True(new SelfTestRunner(output).Run(checks), string.Join("\n", output.All));
        Assert.True(checks.Length >= 37, $"only {checks.Length} checks");
        // The four groups are all there: frames, device log, anti-replay, engine handling.
        foreach (var prefix in new[] { "frame ", "device log ", "anti-replay: ", "engine " })
            Assert.Contains(checks, c => c.Name.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Equal(checks.Length + 1, output.All.Count);
        Assert.All(output.All.Take(checks.Length), l => Assert.StartsWith("PASS ", l));
        Assert.Equal($"SELFTEST PASS {checks.Length}/{checks.Length}", output.All[^1]);
    }

    [Fact]
    public void A_failing_or_throwing_check_fails_the_run_and_is_named_last()
    {
        var output = new Lines();
        bool ok = new SelfTestRunner(output).Run([new Fixed("good", null), new Fixed("bad one", "wrong value"), new Fixed("throws", null, throws: true)]);
        Assert.False(ok);
        Assert.Equal(["PASS good", "FAIL bad one: wrong value", "FAIL throws: InvalidOperationException: boom", "SELFTEST FAIL bad one"], output.All);
    }

    [Fact]
    public void No_checks_is_a_failure()
    {
        var output = new Lines();
        Assert.False(new SelfTestRunner(output).Run([]));
        Assert.Equal("SELFTEST FAIL no checks", output.All.Single());
    }
}

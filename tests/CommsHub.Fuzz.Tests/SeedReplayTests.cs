using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Fuzz.Tests;

/// <summary>
/// Each fuzz target's seed corpus, run once through the target as afl-fuzz runs it: no seed may crash, and some seeds
/// must be accepted, which proves the target reaches the code past the first refusal (keys, schemas and signers found).
/// </summary>
public sealed class SeedReplayTests
{
    public static TheoryData<string> Targets() => new(FuzzTargets.Names);

    [SharedDataTheory]
    [MemberData(nameof(Targets))]
    public void Every_seed_runs_without_a_crash_and_some_are_accepted(string name)
    {
        var target = FuzzTargets.Find(name);
        var seeds = target.Seeds();
        Assert.NotEmpty(seeds);
        var accepted = 0;
        foreach (var seed in seeds)
        {
            var ex = Record.Exception(() => { if (target.Execute(seed.Data)) accepted++; });
            Assert.True(ex is null, $"{name}: seed {seed.Name} crashed the target: {ex}");
        }
        Assert.True(accepted > 0, $"{name}: none of {seeds.Count} seeds was accepted; the target stops at its first refusal");
    }

    [SharedDataFact]
    public void Seed_names_are_unique_per_target_so_none_overwrites_another()
    {
        foreach (var target in FuzzTargets.All)
        {
            var names = target.Seeds().Select(s => s.Name).ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        }
    }

    // The re-MAC for the target's fixed CHF key must work, or no fuzz input ever gets past the MAC check.
    [SharedDataFact]
    public void Hub_seeds_reach_the_chf_command_handlers()
    {
        var hub = new Targets.HubWanTarget(macEachInput: false);
        var outcomes = hub.Seeds().Select(s => hub.Handle(s.Data)).ToList();
        Assert.Contains(Firmware.Core.Engine.WanMessageOutcome.Executed, outcomes);
        Assert.Contains(Firmware.Core.Engine.WanMessageOutcome.Forwarded, outcomes);
    }

    [Fact]
    public void Unknown_target_is_refused_with_the_known_names()
    {
        var ex = Assert.Throws<ArgumentException>(() => FuzzTargets.Find("no-such-target"));
        Assert.Contains("gbcs-frame", ex.Message);
    }
}

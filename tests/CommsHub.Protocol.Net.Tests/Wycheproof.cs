using System.Text.Json;
using CommsHub.TestSupport;

namespace CommsHub.Protocol.Net.Tests;

/// <summary>Reads a Wycheproof vector file from the shared reference folder (never copied into the repo).</summary>
internal static class Wycheproof
{
    public static JsonDocument Load(string fileName) =>
        JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf(Path.Combine("vectors", "wycheproof", fileName))));

    /// <summary>Every test of every group, with its group.</summary>
    public static IEnumerable<(JsonElement Group, JsonElement Test)> Tests(JsonDocument doc)
    {
        foreach (var group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
            foreach (var test in group.GetProperty("tests").EnumerateArray())
                yield return (group, test);
    }

    public static byte[] Hex(this JsonElement e, string property) => Convert.FromHexString(e.GetProperty(property).GetString()!);

    public static string Result(this JsonElement test) => test.GetProperty("result").GetString()!;

    public static int Id(this JsonElement test) => test.GetProperty("tcId").GetInt32();
}

/// <summary>Tallies outcomes per Wycheproof result class and collects the mismatches for one assertion message.</summary>
internal sealed class Tally
{
    private readonly List<string> _failures = new();

    public int ValidAccepted, InvalidRejected, AcceptableAccepted, AcceptableRejected;

    public void Record(JsonElement test, bool accepted, string? detail = null)
    {
        switch (test.Result())
        {
            case "valid":
                if (accepted) ValidAccepted++;
                else _failures.Add($"tc {test.Id()} valid but rejected {detail}");
                break;
            case "invalid":
                if (!accepted) InvalidRejected++;
                else _failures.Add($"tc {test.Id()} invalid but accepted {detail}");
                break;
            case "acceptable":
                if (accepted) AcceptableAccepted++;
                else AcceptableRejected++;
                break;
            default:
                _failures.Add($"tc {test.Id()} unknown result {test.Result()}");
                break;
        }
    }

    public void Fail(JsonElement test, string why) => _failures.Add($"tc {test.Id()} {why}");

    public int Total => ValidAccepted + InvalidRejected + AcceptableAccepted + AcceptableRejected + _failures.Count;

    public string Summary =>
        $"valid accepted {ValidAccepted}, invalid rejected {InvalidRejected}, acceptable accepted {AcceptableAccepted} / rejected {AcceptableRejected}, " +
        $"failures {_failures.Count}{(_failures.Count == 0 ? "" : ": " + string.Join("; ", _failures.Take(20)))}";

    public void AssertNoFailures(int expectedTotal)
    {
        Xunit.Assert.True(_failures.Count == 0, Summary);
        Xunit.Assert.True(Total == expectedTotal, $"expected {expectedTotal} tests, saw {Total}: {Summary}");
    }
}

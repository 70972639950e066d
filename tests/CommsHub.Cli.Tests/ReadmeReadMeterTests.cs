using System.Text.RegularExpressions;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// The repository README's <c>read-meter</c> examples print what it says they print: each command is run against a
/// fresh demo adapter (its meters at their start values) and its output compared with the <c># </c> lines after it,
/// where <c>...</c> stands for the RequestID counter.
/// </summary>
public sealed class ReadmeReadMeterTests(DemoAdapter demo) : IClassFixture<DemoAdapter>
{
    private const string Command = "dotnet run --project cloud/CommsHub.Cli -- ";

    [TestSupport.SharedDataFact]
    public async Task Each_read_meter_example_prints_the_lines_the_readme_shows()
    {
        var examples = Examples();
        Assert.Equal(2, examples.Count);
        foreach (var (args, expected) in examples)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = await Task.Run(() => CliApp.Run([.. args, "--url", demo.HttpUrl,
                "--mqtt-port", demo.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", demo.DataDirectory], stdout, stderr));
            Assert.True(exit == 0, stderr.ToString());
            var printed = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(expected.Count, printed.Length);
            for (int i = 0; i < printed.Length; i++)
                Assert.Matches("^" + Regex.Escape(expected[i]).Replace(@"\.\.\.", "[0-9]+", StringComparison.Ordinal) + "$", printed[i]);
        }
    }

    // The read-meter commands of the README's first bash block that has them, each with the "# " lines that follow it.
    private static List<(string[] Args, List<string> Output)> Examples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommsHub.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var examples = new List<(string[], List<string>)>();
        foreach (var line in File.ReadLines(Path.Combine(dir.FullName, "README.md")))
        {
            if (line.StartsWith(Command + "read-meter", StringComparison.Ordinal))
                examples.Add((line[Command.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), []));
            else if (examples.Count > 0 && line.StartsWith("# commshub: ", StringComparison.Ordinal)) examples[^1].Item2.Add(line[2..]);
            else if (examples.Count > 0 && line.StartsWith("```", StringComparison.Ordinal)) break;
        }
        return examples;
    }
}

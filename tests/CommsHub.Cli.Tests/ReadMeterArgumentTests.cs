using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary><c>read-meter</c> failing before it reaches an adapter: one line on stderr, exit 1, no stack trace.</summary>
public class ReadMeterArgumentTests
{
    [Fact]
    public void A_meter_that_is_not_an_eui_is_one_line()
    {
        var (exit, stderr) = Run("read-meter", "--meter", "not-an-eui");
        Assert.Equal(1, exit);
        Assert.StartsWith("commshub: ", Assert.Single(Lines(stderr)));
    }

    [Fact]
    public void A_data_folder_without_the_users_key_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "commshub-no-such-data-" + Guid.NewGuid().ToString("N"));
        var (exit, stderr) = Run("read-meter", "--data-dir", missing);
        Assert.Equal(1, exit);
        Assert.Contains(missing, Assert.Single(Lines(stderr)));
    }

    [Fact]
    public void Help_says_it_reads_gas_meters_too()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, CliApp.Run(["read-meter", "--help"], stdout, new StringWriter()));
        Assert.Contains("GCS13a on a GSME", stdout.ToString());
    }

    private static (int Exit, string Stderr) Run(params string[] args)
    {
        var stderr = new StringWriter();
        return (CliApp.Run(args, new StringWriter(), stderr), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

using CommsHub.Cli.Inspection;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>gbcs inspect</c> and <c>send --template</c> read their files in blocks up to <see cref="InputReader.MaxFileBytes"/>:
/// a device such as /dev/zero, which reports no length and has no end, is refused at the limit (one line) instead of being
/// read towards 2 GB.
/// </summary>
public sealed class UnboundedDeviceInputTests
{
    /// <summary>A device that reports no length and has no end.</summary>
    internal const string Zero = "/dev/zero";

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [DevZeroFact]
    public void Gbcs_inspect_of_a_device_without_end_reports_the_limit()
    {
        var (_, output, err) = Run("gbcs", "inspect", Zero);

        Assert.Contains($"file larger than {InputReader.MaxFileBytes} bytes", output + err);
    }

    [DevZeroFact]
    public void Send_with_a_template_without_end_is_refused_in_one_line()
    {
        var (exit, output, err) = Run("send", "4.1.1", "--meter", "02C04B10000001A0", "--template", Zero);

        Assert.Equal(1, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"larger than {InputReader.MaxFileBytes} bytes", line);
        Assert.Equal("", output);
    }
}

/// <summary>A fact that needs <c>/dev/zero</c> (a Unix host); reported as skipped, with the reason, where it is missing.</summary>
public sealed class DevZeroFactAttribute : FactAttribute
{
    /// <summary>Skips when <c>/dev/zero</c> does not exist.</summary>
    public DevZeroFactAttribute()
    {
        if (!File.Exists(UnboundedDeviceInputTests.Zero)) Skip = $"{UnboundedDeviceInputTests.Zero} does not exist: not a Unix host";
    }
}

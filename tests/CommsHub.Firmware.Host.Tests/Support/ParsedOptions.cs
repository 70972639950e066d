using CommsHub.Firmware.Host.Cli;

namespace CommsHub.Firmware.Host.Tests.Support;

/// <summary>What a <c>commshub-hub</c> command line becomes, without starting any hub.</summary>
public static class ParsedOptions
{
    /// <summary>
    /// The options <paramref name="args"/> parse to, with <paramref name="environment"/> (default: empty) for the
    /// variables options fall back to; the parse must succeed silently.
    /// </summary>
    public static HostOptions Of(string[] args, Func<string, string?>? environment = null)
    {
        HostOptions? seen = null;
        var stderr = new StringWriter();
        Assert.Equal(0, HostCli.Run(args, new StringWriter(), stderr, environment ?? (_ => null), o =>
        {
            seen = o;
            return 0;
        }));
        Assert.Equal("", stderr.ToString());
        return seen!;
    }
}

using System.CommandLine;
using CommsHub.Cli.Commands;

namespace CommsHub.Cli;

/// <summary>
/// The <c>commshub</c> command tree. Output goes to the given writers so tests can run the CLI in-process.
/// Exit codes: 0 success, 1 usage or fatal error (one line on stderr), 2 some inputs could not be processed.
/// </summary>
public static class CliApp
{
    /// <summary>Parses and runs a command line.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("CommsHub: GB smart-metering comms hub and DCC adapter tools");
        var gbcs = new Command("gbcs", "Work with GBCS messages");
        gbcs.Subcommands.Add(GbcsInspectCommand.Create(stdout, stderr));
        root.Subcommands.Add(gbcs);
        var duis = new Command("duis", "Work with DUIS service requests");
        duis.Subcommands.Add(DuisTransformCommand.Create(stdout, stderr));
        root.Subcommands.Add(duis);
        root.Subcommands.Add(PkiCommand.Create(stdout, stderr));
        root.Subcommands.Add(SendCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReadMeterCommand.Create(stdout, stderr));
        root.Subcommands.Add(FaultsCommand.Create(stdout, stderr));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
        root.Subcommands.Add(NcpCommand.Create(stdout, stderr));
        root.Subcommands.Add(BrokerCommand.Create(stdout, stderr));
        // Without System.CommandLine's own handler a failure reaches the catch below: one line, never a stack trace.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"commshub: {ex.Message}");
            return 1;
        }
    }
}

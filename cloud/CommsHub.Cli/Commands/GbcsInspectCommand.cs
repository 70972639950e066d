using System.CommandLine;
using CommsHub.Cli.Inspection;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub gbcs inspect [--keys DIR] [--acb EUI] FILE|HEX...</c>: one JSON object per message (JSON Lines), with
/// header fields and the outcome of signature and MAC checks against the keys in DIR (RTDS keystore naming).
/// </summary>
internal static class GbcsInspectCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var keys = new Option<DirectoryInfo?>("--keys")
        {
            Description = "Folder of keys named <eui>[-pp]-<ka|ds>.<pem|key> (the RTDS keystore layout)",
        };
        var acb = new Option<string?>("--acb")
        {
            Description = "EUI-64 of the Access Control Broker whose KA key MACs commands (e.g. 90B3D51F30000002)",
        };
        var inputs = new Argument<string[]>("input")
        {
            Description = "Files (hex, base64 or binary; one message per line in text files), folders, or hex strings",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("inspect", "Decode GBCS message headers and check signatures and MACs") { keys, acb, inputs };
        command.SetAction(parse =>
        {
            var keyDir = parse.GetValue(keys);
            if (keyDir is not null && !keyDir.Exists)
            {
                stderr.WriteLine($"commshub: keys folder not found: {keyDir.FullName}");
                return 1;
            }
            ulong acbEui = 0;
            var acbText = parse.GetValue(acb);
            if (acbText is not null)
            {
                try { acbEui = Eui64.Parse(acbText); }
                catch (FormatException) { stderr.WriteLine($"commshub: --acb must be an EUI-64 of 16 hex digits, got '{acbText}'"); return 1; }
            }
            IGbcsKeyStore store = keyDir is null ? new InMemoryKeyStore() : new DirectoryKeyStore(keyDir.FullName);
            var inspector = new GbcsInspector(new NetGbcsCrypto(), store, acbEui);
            int failed = 0, total = 0;
            foreach (var input in InputReader.Read(parse.GetValue(inputs)!))
            {
                var result = inspector.Inspect(input);
                stdout.WriteLine(InspectionJson.Serialize(result));
                total++;
                if (result.Error is not null) failed++;
            }
            if (failed > 0)
            {
                stderr.WriteLine($"commshub: {failed} of {total} inputs could not be decoded");
                return 2;
            }
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub pki init|issue-org|issue-device|list [--dir DIR]</c>: the test SMKI the service mints on first start
/// (DIR defaults to <c>.data/smki</c>, the service's default). Output is JSON Lines. Never prints key material;
/// private keys are written PKCS#8 PEM with mode 0600 beside their certificates, in the RTDS keystore naming.
/// </summary>
internal static class PkiCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pki = new Command("pki", "Test SMKI: a root, an issuing CA, organisation and device certificates");
        pki.Subcommands.Add(Init(stdout, stderr));
        pki.Subcommands.Add(IssueOrg(stdout, stderr));
        pki.Subcommands.Add(IssueDevice(stdout, stderr));
        pki.Subcommands.Add(List(stdout, stderr));
        return pki;
    }

    private static Option<DirectoryInfo> DirOption() => new("--dir")
    {
        Description = "The SMKI folder (ca/, keys/, xml-sign/); default .data/smki",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".data", "smki")),
    };

    private static Option<string> UsageOption() => new("--usage")
    {
        Description = "ka, ds or both (one certificate per key usage)",
        DefaultValueFactory = _ => "both",
    };

    private static Command Init(TextWriter stdout, TextWriter stderr)
    {
        var dir = DirOption();
        var noDemo = new Option<bool>("--no-demo") { Description = "Only the root and issuing CA, without the demo parties and devices" };
        var command = new Command("init", "Mint the CAs and the demo identities the service uses (keeps whatever exists)") { dir, noDemo };
        command.SetAction(parse => Guard(stderr, () =>
        {
            var smki = new TestSmki(new SmkiFolder(parse.GetValue(dir)!.FullName));
            var plan = parse.GetValue(noDemo) ? new SmkiPlan([], []) : DemoIdentities.Plan;
            var report = smki.EnsureMinted(plan);
            foreach (var stem in report.Created) Write(stdout, smki.Folder, stem, created: true);
            foreach (var stem in report.Reused) Write(stdout, smki.Folder, stem, created: false);
        }));
        return command;
    }

    private static Command IssueOrg(TextWriter stdout, TextWriter stderr)
    {
        var dir = DirOption();
        var usage = UsageOption();
        var eui = new Option<string>("--eui") { Description = "The party's EUI-64 (16 hex digits)", Required = true };
        var role = new Option<string>("--role")
        {
            Description = "Remote party role: hex code (02, 03, 04, 7F) or supplier, network-operator, acb, other",
            Required = true,
        };
        var name = new Option<string?>("--name") { Description = "CN for the certificates" };
        var xmlSign = new Option<bool>("--xml-sign") { Description = "Also mint a DUIS XML-signing certificate (OU 87), making the party a DUIS user" };
        var command = new Command("issue-org", "Issue organisation certificates (OU = role code, x500UniqueIdentifier = EUI)")
        {
            dir, eui, role, usage, name, xmlSign,
        };
        command.SetAction(parse => Guard(stderr, () =>
        {
            var party = ParseEui(parse.GetValue(eui));
            if (!SmkiRoles.TryParse(parse.GetValue(role), out var roleCode))
                throw new UsageException($"--role must be a hex role code or a role name, got '{parse.GetValue(role)}'");
            var smki = new TestSmki(new SmkiFolder(parse.GetValue(dir)!.FullName));
            smki.EnsureCa();
            using var issuer = SmkiFolder.LoadIssuer(smki.Folder.IssuingStem);
            foreach (var u in ParseUsages(parse.GetValue(usage)))
                Write(stdout, smki.Folder, smki.Folder.GbcsStem(party, u), smki.IssueOrganisation(issuer, party, roleCode, u, parse.GetValue(name)));
            if (parse.GetValue(xmlSign))
                Write(stdout, smki.Folder, smki.Folder.XmlSignStem(party, dsp: false), smki.IssueXmlSign(issuer, party, dsp: false, parse.GetValue(name)));
        }));
        return command;
    }

    private static Command IssueDevice(TextWriter stdout, TextWriter stderr)
    {
        var dir = DirOption();
        var usage = UsageOption();
        var eui = new Option<string>("--eui") { Description = "The device's EUI-64 (16 hex digits)", Required = true };
        var command = new Command("issue-device", "Issue device certificates (empty subject, hardwareModuleName = EUI)") { dir, eui, usage };
        command.SetAction(parse => Guard(stderr, () =>
        {
            var device = ParseEui(parse.GetValue(eui));
            var smki = new TestSmki(new SmkiFolder(parse.GetValue(dir)!.FullName));
            smki.EnsureCa();
            using var issuer = SmkiFolder.LoadIssuer(smki.Folder.IssuingStem);
            foreach (var u in ParseUsages(parse.GetValue(usage)))
                Write(stdout, smki.Folder, smki.Folder.GbcsStem(device, u), smki.IssueDevice(issuer, device, u));
        }));
        return command;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var dir = DirOption();
        var command = new Command("list", "List the certificates (JSON Lines: file, kind, eui, role, usage, serial, subject, issuer, notAfter, hasPrivateKey)") { dir };
        command.SetAction(parse => Guard(stderr, () =>
        {
            var folder = parse.GetValue(dir)!;
            if (!folder.Exists) throw new UsageException($"SMKI folder not found: {folder.FullName}");
            foreach (var entry in SmkiListing.List(new SmkiFolder(folder.FullName)))
                stdout.WriteLine(JsonSerializer.Serialize(entry, Json));
        }));
        return command;
    }

    private static void Write(TextWriter stdout, SmkiFolder folder, string stem, bool created) =>
        stdout.WriteLine(JsonSerializer.Serialize(new
        {
            file = Path.GetRelativePath(folder.Root, stem + ".pem").Replace('\\', '/'),
            created,
        }, Json));

    private static int Guard(TextWriter stderr, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception ex) when (ex is UsageException or InvalidOperationException or IOException or UnauthorizedAccessException
                                       or System.Security.Cryptography.CryptographicException)
        {
            stderr.WriteLine($"commshub: {ex.Message}");
            return 1;
        }
    }

    private static ulong ParseEui(string? text)
    {
        try
        {
            return Eui64.Parse(text ?? "");
        }
        catch (FormatException)
        {
            throw new UsageException($"--eui must be an EUI-64 of 16 hex digits, got '{text}'");
        }
    }

    private static KeyUsage[] ParseUsages(string? text) => text?.ToLowerInvariant() switch
    {
        "ka" => [KeyUsage.KeyAgreement],
        "ds" => [KeyUsage.DigitalSignature],
        "both" or null => [KeyUsage.KeyAgreement, KeyUsage.DigitalSignature],
        _ => throw new UsageException($"--usage must be ka, ds or both, got '{text}'"),
    };

    private sealed class UsageException(string message) : Exception(message);
}

using System.CommandLine;
using System.Globalization;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Net.Crypto;

namespace CommsHub.Cli.Commands;

/// <summary>
/// <c>commshub duis transform --keys DIR --counter N [--acb EUI] [--hub EUI] REQUEST.xml</c>: prints the GBCS command
/// (hex, one line) the adapter would send for a DUIS Service Request, or the pre-command for a CV4 request. The
/// request's signature and schema are not checked (that is the intake's job; templates carry placeholder signatures).
/// Device types and the DCC's CHF device log records come from the RTDS/DCC Boxed test identities
/// (<see cref="RtdsTestIdentities"/>) unless overridden.
/// </summary>
internal static class DuisTransformCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var keys = new Option<DirectoryInfo>("--keys")
        {
            Description = "Folder of keys named <eui>[-pp]-<ka|ds>.<pem|key> (RTDS keystore layout): the ACB KA private key and the target's KA certificate",
            Required = true,
        };
        var counter = new Option<string>("--counter")
        {
            Description = "GBCS originator counter for commands the ACB originates (CHF, PPMID/HCALCS). Commands the user originates " +
                          "use the DUIS RequestID counter, as in RTDS",
            Required = true,
        };
        var acb = new Option<string>("--acb")
        {
            Description = "EUI-64 of the Access Control Broker (default 90B3D51F30000002, the DCC Boxed/RTDS ACB)",
            DefaultValueFactory = _ => "90B3D51F30000002",
        };
        var hub = new Option<string?>("--hub")
        {
            Description = "EUI-64 of the comms hub the target hangs off; a target equal to it is the CHF",
        };
        var deviceType = new Option<string?>("--device-type")
        {
            Description = "The target's device type (esme, gsme, chf, gpf, ppmid, hcalcs, type2); default: from the RTDS test identities",
        };
        var role = new Option<string?>("--role")
        {
            Description = "The user's DUIS role (IS, ES, GS, ED, GT, RSA, OU); default: ED for 90B3D51F30020000, else IS",
        };
        var legacy = new Option<bool>("--legacy-chf-log-read")
        {
            Description = "Send 8.9 Read Device Log to a CHF as CCS05/CCS04 (0x0004) instead of CCS06 (0x010F)",
        };
        var now = new Option<string?>("--now")
        {
            Description = "The adapter's clock as an ISO 8601 UTC time (GCS32's issuer event id); default: the current time",
        };
        var esmeVariant = new Option<string?>("--esme-variant")
        {
            Description = "The target ESME's variant (single, twin, polyphase) where the use case depends on it (4.10 ECS23/ECS23b, " +
                          "1.6 payment mode, 2.1 prepay configuration); default: single (the default device profile)",
        };
        var ecs08a = new Option<bool>("--ecs08a")
        {
            Description = "The target ESME takes 2.1 Update Prepay Configuration as ECS08a (0x00DE) rather than ECS08 (needs --esme-variant)",
        };
        var request = new Argument<FileInfo>("request") { Description = "The DUIS request XML file" };
        var command = new Command("transform", "Transform a DUIS Service Request into the GBCS command (hex) the adapter would send")
        {
            keys, counter, acb, hub, deviceType, role, legacy, now, esmeVariant, ecs08a, request,
        };
        command.SetAction(parse =>
        {
            try
            {
                stdout.WriteLine(Run(parse, keys, counter, acb, hub, deviceType, role, legacy, now, (esmeVariant, ecs08a), request).Hex);
                return 0;
            }
            catch (UsageException ex) { return Fail(stderr, ex.Message); }
            catch (DuisRejectedException ex) { return Fail(stderr, $"invalid request XML ({ex.Reason}): {ex.Message}"); }
            catch (DuisTransformException ex) { return Fail(stderr, $"{ex.Error}: {ex.Message}"); }
            catch (KeyStoreFormatException ex) { return Fail(stderr, $"unusable key file: {ex.Message}"); }
        });
        return command;
    }

    private static TransformResult Run(ParseResult parse, Option<DirectoryInfo> keys, Option<string> counter, Option<string> acb,
        Option<string?> hub, Option<string?> deviceType, Option<string?> role, Option<bool> legacy, Option<string?> now,
        (Option<string?> Variant, Option<bool> Ecs08a) esme, Argument<FileInfo> request)
    {
        var keyDir = parse.GetValue(keys)!;
        if (!keyDir.Exists) throw new UsageException($"keys folder not found: {keyDir.FullName}");
        var counterText = parse.GetValue(counter)!;
        if (!ulong.TryParse(counterText, NumberStyles.None, CultureInfo.InvariantCulture, out var acbCounter))
            throw new UsageException($"--counter must be a decimal number 0..18446744073709551615, got '{counterText}'");
        var acbEui = ParseEui(parse.GetValue(acb)!, "--acb");
        ulong? hubEui = parse.GetValue(hub) is { } h ? ParseEui(h, "--hub") : null;
        var file = parse.GetValue(request)!;
        if (!file.Exists) throw new UsageException($"request file not found: {file.FullName}");

        var doc = SecureXml.Load(Inspection.BoundedFile.Read(file.FullName));
        var duis = DuisRequestParser.Parse(doc);

        var inventory = RtdsTestIdentities.CreateInventory();
        if (parse.GetValue(deviceType) is { } typeText)
        {
            if (!Enum.TryParse<DeviceType>(typeText, ignoreCase: true, out var type) || !Enum.IsDefined(type) || char.IsDigit(typeText[0]))
                throw new UsageException($"--device-type must be one of {string.Join(", ", Enum.GetNames<DeviceType>().Select(n => n.ToLowerInvariant()))}, got '{typeText}'");
            inventory.AddDevice(duis.Header.RequestId.Target, type);
        }
        UserRole userRole;
        if (parse.GetValue(role) is { } roleText)
        {
            if (!UserRoles.TryParse(roleText, out userRole))
                throw new UsageException($"--role must be one of {string.Join(", ", UserRoles.All.Select(r => r.Code()))}, got '{roleText}'");
        }
        else userRole = RtdsTestIdentities.RoleOf(duis.Header.RequestId.Originator);
        var clock = DateTimeOffset.UtcNow;
        if (parse.GetValue(now) is { } nowText &&
            !DateTimeOffset.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out clock))
            throw new UsageException($"--now must be an ISO 8601 time such as 2015-01-01T00:00:00Z, got '{nowText}'");

        // 6.23's originator: the DCC Boxed/RTDS TransCoS, as --acb defaults to the RTDS ACB; its DS key is in --keys.
        var transformer = new DuisTransformer(new NetGbcsCrypto(), new DirectoryKeyStore(keyDir.FullName), acbEui)
        {
            TransitionalCoS = RtdsTestIdentities.TransitionalCoS,
        };
        return transformer.Transform(duis, new TransformContext
        {
            AcbOriginatorCounter = acbCounter,
            Inventory = WithEsmeProfile(parse, esme, inventory, duis.Header.RequestId.Target),
            UserRole = userRole,
            CommsHub = hubEui,
            Certificates = new KeystoreDeviceCertificates(keyDir.FullName),
            UseLegacyChfDeviceLogRead = parse.GetValue(legacy),
            Now = clock,
        });
    }

    /// <summary>The inventory, with the target's ESME profile when --esme-variant gives it.</summary>
    private static IDeviceInventory WithEsmeProfile(ParseResult parse, (Option<string?> Variant, Option<bool> Ecs08a) esme,
        IDeviceInventory inventory, ulong target)
    {
        if (parse.GetValue(esme.Variant) is not { } text)
        {
            return parse.GetValue(esme.Ecs08a) ? throw new UsageException("--ecs08a needs --esme-variant") : inventory;
        }
        var variant = text.ToLowerInvariant() switch
        {
            "single" => Dcc.Transforms.EsmeVariant.SingleElement,
            "twin" => Dcc.Transforms.EsmeVariant.TwinElement,
            "polyphase" => Dcc.Transforms.EsmeVariant.Polyphase,
            _ => throw new UsageException($"--esme-variant must be single, twin or polyphase, got '{text}'"),
        };
        return new ProfiledDeviceInventory(inventory)
            .AddProfile(target, new DeviceProfile(variant, UsesEcs08a: parse.GetValue(esme.Ecs08a)));
    }

    private static ulong ParseEui(string text, string option)
    {
        var compact = text.Replace("-", "", StringComparison.Ordinal);
        try { return Eui64.Parse(compact); }
        catch (FormatException) { throw new UsageException($"{option} must be an EUI-64 of 16 hex digits, got '{text}'"); }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"commshub: {message}");
        return 1;
    }

    private sealed class UsageException(string message) : Exception(message);
}

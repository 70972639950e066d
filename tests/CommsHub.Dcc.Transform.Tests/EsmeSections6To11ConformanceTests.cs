using CommsHub.Dcc.Transforms;
using CommsHub.Dcc.Transforms.Esme;
using CommsHub.Protocol.Asn1;
using CommsHub.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// The 83 ESME/CHF template/RTDS pairs of DUIS sections 6-11 (configuration, supply and auxiliary load control,
/// commissioning's clock set, CIN, firmware version): each supported pair gives the RTDS COMMAND (MAC'd) or
/// PRECOMMAND byte for byte; the rest are listed with the reason.
/// </summary>
public sealed class EsmeSections6To11ConformanceTests(ITestOutputHelper output)
{
    /// <summary>The GBCS use cases (RTDS folder names) of these pairs.</summary>
    private static readonly string[] UseCases =
    [
        "ECS25a", "ECS25a1", "ECS25a2", "ECS25a3", "ECS25b", "ECS25b3", "ECS25r1", "ECS25r2",
        "ECS26b", "ECS26c", "ECS26d", "ECS26e", "ECS26f", "ECS26i", "ECS26j", "ECS26k", "ECS26l", "ECS26m", "ECS26n",
        "ECS28a", "ECS28b", "ECS29a", "ECS29b", "ECS29c", "ECS29d", "ECS29e", "ECS29f", "ECS30", "ECS30a", "ECS34",
        "ECS35a", "ECS35b", "ECS35c", "ECS35d", "ECS35e", "ECS35f", "ECS35g", "ECS37", "ECS38", "ECS39a", "ECS39b", "ECS40",
        "ECS42", "ECS43", "ECS44", "ECS45", "ECS46a", "ECS46c", "ECS46d", "ECS47Activate", "ECS47Deactivate", "ECS47Reset",
        "ECS47a", "ECS47e", "ECS48", "ECS50", "ECS52", "ECS57", "ECS61a", "ECS61c", "ECS61d", "ECS61e", "ECS62Add",
        "ECS62Remove", "ECS70Commission", "ECS70", "ECS81",
    ];

    /// <summary>Pairs this adapter does not produce yet, with why (each must still be refused, not answered wrongly).</summary>
    private static readonly Dictionary<string, string> Unsupported = new();

    /// <summary>
    /// Pairs whose RTDS command does not follow its own template (AlertBehaviourConformanceTests names the codes and
    /// bytes): each must still differ, so the list cannot go stale.
    /// </summary>
    private static readonly Dictionary<string, string> RtdsInconsistent = new()
    {
        ["ECS25a_6.22_SUCCESS_REQUEST_DUIS.XML"] = "RTDS's filter names 0x81C4/0x81C5 (disabled), not the template's 0x81B7 (enabled)",
        ["ECS25b_6.22_SUCCESS_REQUEST_DUIS.XML"] = "RTDS's filter leaves out the template's 0x8003 (enabled)",
    };

    /// <summary>My pairs: template file name, RTDS file, PRECOMMAND or COMMAND.</summary>
    public static IReadOnlyList<(string Template, string UseCase, string Rtds, bool Critical)> AllPairs()
    {
        var list = new List<(string, string, string, bool)>();
        foreach (var pair in TransformData.Pairs("PRECOMMAND", Srvs()).Concat(TransformData.Pairs("COMMAND", Srvs())))
        {
            if (pair.RtdsFile is null || !UseCases.Contains(pair.UseCase)) continue;
            if (list.Any(p => p.Item1 == pair.ToString())) continue; // PRECOMMAND first: a critical pair is its pre-command
            list.Add((pair.ToString(), pair.UseCase, pair.RtdsFile, pair.RtdsFile.Contains("_PRECOMMAND_", StringComparison.Ordinal)));
        }
        return list.OrderBy(p => p.Item1, StringComparer.Ordinal).ToList();
    }

    public static IEnumerable<object[]> Rows =>
        SharedData.Available ? AllPairs().Select(p => new object[] { p.Template }) : [["(reference data absent)"]];

    private static string[] Srvs() =>
        Directory.EnumerateFiles(SharedData.PathOf(TransformData.TemplatesFolder))
            .Select(f => Path.GetFileName(f).Split('_'))
            .Where(parts => parts.Length > 1 && int.TryParse(parts[1].Split('.')[0], out var section) && section is >= 6 and <= 11)
            .Select(parts => parts[1]).Distinct().ToArray();

    private static (string Expected, TransformResult Result) Run(string template)
    {
        var pair = AllPairs().Single(p => p.Template == template);
        var expected = RtdsCorpus.Bytes(pair.Rtds);
        var request = TransformData.LoadTemplate(template);
        var context = TransformData.Context(request, TransformData.Parse(expected).OriginatorCounter, pair.UseCase, Path.GetFileName(template));
        return (Convert.ToHexString(expected), TransformData.Transformer().Transform(request, context));
    }

    [SharedDataTheory]
    [MemberData(nameof(Rows))]
    public void Supported_pair_gives_the_RTDS_message_byte_for_byte_and_the_rest_are_refused(string template)
    {
        var pair = AllPairs().Single(p => p.Template == template);
        if (Unsupported.ContainsKey(template))
        {
            var ex = Assert.Throws<DuisTransformException>(() => Run(template));
            Assert.True(ex.Error is TransformError.UnsupportedService or TransformError.UnsupportedRequest, ex.Message);
            return;
        }
        var (expected, result) = Run(template);
        if (RtdsInconsistent.ContainsKey(template))
        {
            Assert.NotEqual(expected, result.Hex);
            return;
        }
        Assert.Equal(expected, result.Hex);
        Assert.Equal(pair.Critical, result.IsPreCommand);
        Assert.StartsWith(result.UseCase, pair.UseCase, StringComparison.Ordinal); // ECS47Reset is GBCS ECS47, ...
    }

    [SharedDataFact]
    public void Prints_how_many_of_the_83_pairs_match_and_why_the_others_do_not()
    {
        var pairs = AllPairs();
        Assert.Equal(83, pairs.Count);
        var matched = 0;
        var misses = new List<string>();
        foreach (var p in pairs)
        {
            try
            {
                var (expected, result) = Run(p.Template);
                if (expected == result.Hex) { matched++; continue; }
                var common = 0;
                while (common < Math.Min(expected.Length, result.Hex.Length) && expected[common] == result.Hex[common]) common++;
                misses.Add($"{p.Template}: first differing byte {common / 2} (RTDS {expected.Length / 2} bytes, ours {result.Hex.Length / 2})"
                    + (RtdsInconsistent.TryGetValue(p.Template, out var rtds) ? ": " + rtds : ""));
            }
            catch (DuisTransformException ex)
            {
                misses.Add($"{p.Template}: {(Unsupported.TryGetValue(p.Template, out var why) ? why : ex.Error + ": " + ex.Message)}");
            }
        }
        output.WriteLine($"ESME sections 6-11: {matched}/{pairs.Count} pairs byte-identical");
        foreach (var m in misses) output.WriteLine("  not matched: " + m);
        Assert.Equal(pairs.Count - Unsupported.Count - RtdsInconsistent.Count, matched);
    }

    [SharedDataFact]
    public void Without_an_inventory_profile_a_current_single_phase_ESME_is_assumed()
    {
        var request = TransformData.LoadTemplate("ECS26b_6.2.1_SUCCESS_REQUEST_DUIS.XML");
        var result = TransformData.Transformer().Transform(request, TransformData.Context(request, 1));
        Assert.Equal("ECS26b", result.UseCase);
        var billing = TransformData.LoadTemplate("ECS26l_6.2.3_SUCCESS_REQUEST_DUIS.XML");
        Assert.Equal("ECS26l", TransformData.Transformer().Transform(billing, TransformData.Context(billing, 1)).UseCase);
    }

    [SharedDataFact]
    public void Bad_body_values_are_refused_as_invalid_body()
    {
        var request = TransformData.LoadTemplate("ECS38_7.12_SUCCESS_REQUEST_DUIS.XML");
        var limit = request.BodyElement.GetElementsByTagName("RandomisedOffsetLimit", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!;
        limit.InnerText = "70000"; // above long-unsigned
        var ex = Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, TransformData.Context(request, 1)));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
    }

    /// <summary>
    /// Every supported pair's SRV is in the access-control catalogue with the same criticality as the plan, the
    /// template's command variant is accepted and its user's role is eligible, except 7.16 Limit APC Level: the DUIS
    /// matrix names no eligible role (its RTDS user is a Load Controller, a role UserRole does not have yet).
    /// </summary>
    [SharedDataFact]
    public void Supported_SRVs_are_eligible_for_the_template_users_with_the_plans_criticality()
    {
        var problems = new List<string>();
        foreach (var p in AllPairs().Where(p => !Unsupported.ContainsKey(p.Template)))
        {
            var request = TransformData.LoadTemplate(p.Template);
            var srv = request.Header.ServiceReferenceVariant;
            var info = Dcc.Access.SrvCatalogue.Find(srv);
            if (info is null) { problems.Add($"{srv}: not in the catalogue"); continue; }
            if (info.Critical != p.Critical) problems.Add($"{srv}: catalogue critical={info.Critical}, RTDS {(p.Critical ? "pre-command" : "command")}");
            if (!info.CommandVariants.Contains(request.Header.CommandVariant)) problems.Add($"{srv}: CV {request.Header.CommandVariant} not accepted");
            // RoleOf takes every party but the network operator as import supplier; RTDS's supplier party sends the
            // export MPAN as the export supplier and requests a CIN as an other user.
            var role = srv switch
            {
                "6.20.2" => Dcc.Access.UserRole.ExportSupplier,
                "9.1" => Dcc.Access.UserRole.OtherUser,
                _ => RtdsTestIdentities.RoleOf(request.Header.RequestId.Originator),
            };
            if (!info.EligibleRoles.Contains(role)) problems.Add($"{srv}: {role} not eligible");
        }
        foreach (var problem in problems.Distinct()) output.WriteLine(problem);
        Assert.Equal(["7.16: ImportSupplier not eligible"], problems.Distinct());
    }

    private static DuisTransformException Refusal(string template, Action<Dcc.Duis.DuisRequest> edit, DeviceProfile? profile = null, bool plainInventory = false)
    {
        var request = TransformData.LoadTemplate(template);
        edit(request);
        var context = TransformData.Context(request, 1);
        context = context with
        {
            Inventory = plainInventory ? RtdsTestIdentities.CreateInventory()
                : new ProfiledDeviceInventory(context.Inventory).AddProfile(request.Header.RequestId.Target, profile ?? DeviceProfile.Default),
        };
        return Assert.Throws<DuisTransformException>(() => TransformData.Transformer().Transform(request, context));
    }

    private static void Remove(Dcc.Duis.DuisRequest request, string element, int index = 0)
    {
        var e = request.BodyElement.GetElementsByTagName(element, Dcc.Duis.DuisNamespaces.ServiceUserGateway)[index]!;
        e.ParentNode!.RemoveChild(e);
    }

    [SharedDataFact]
    public void Polyphase_voltage_settings_without_phase_3_are_an_invalid_body()
    {
        var ex = Refusal("ECS29b_6.5_SUCCESS_REQUEST_DUIS.XML", r => Remove(r, "PolyPhaseVoltageSettings", 2));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
        Assert.Contains("phase 3", ex.Message);
    }

    [SharedDataFact]
    public void A_quarterly_billing_calendar_for_a_device_that_takes_only_ECS30_is_unsupported()
    {
        var ex = Refusal("ECS30a_6.8_SUCCESS_REQUEST_DUIS.XML", _ => { }, new DeviceProfile(OlderGbcsVersion: true));
        Assert.Equal(TransformError.UnsupportedRequest, ex.Error);
        Assert.Contains("Quarterly", ex.Message);
    }

    [SharedDataFact]
    public void A_CIN_request_without_a_CIN_allocator_is_missing_context()
    {
        var ex = Refusal("ECS50_9.1_SUCCESS_REQUEST_DUIS.XML", _ => { }, plainInventory: true);
        Assert.Equal(TransformError.MissingContext, ex.Error);
    }

    [SharedDataFact]
    public void A_load_limit_supply_state_that_is_not_Disable_or_Unchanged_is_an_invalid_body()
    {
        var ex = Refusal("ECS28a_6.4.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", r =>
            r.BodyElement.GetElementsByTagName("LoadLimitSupplyState", Dcc.Duis.DuisNamespaces.ServiceUserGateway)[0]!.InnerText = "Enable");
        Assert.Equal(TransformError.InvalidBody, ex.Error);
    }

    [SharedDataFact]
    public void An_auxiliary_controller_index_outside_1_to_5_is_an_invalid_body()
    {
        var ex = Refusal("ECS47a_7.13_APC_OUTPUT_SUCCESS_REQUEST_DUIS.XML", r => r.BodyElement.SetAttribute("auxiliaryControllerN", "6"));
        Assert.Equal(TransformError.InvalidBody, ex.Error);
    }

    public static IEnumerable<object[]> CriticalRows =>
        SharedData.Available
            ? AllPairs().Where(p => p.Critical && !Unsupported.ContainsKey(p.Template)).Select(p => new object[] { p.Template })
            : [["(reference data absent)"]];

    /// <summary>The user's RTDS signature on our pre-command verifies, and the MAC'd command is RTDS's byte for byte.</summary>
    [SharedDataTheory]
    [MemberData(nameof(CriticalRows))]
    public void RTDS_signature_on_the_pre_command_completes_to_the_RTDS_command(string template)
    {
        var pair = AllPairs().Single(p => p.Template == template);
        var (_, result) = Run(template);
        var rtdsCommand = RtdsCorpus.Bytes(pair.Rtds.Replace("_PRECOMMAND_", "_COMMAND_", StringComparison.Ordinal));
        var rtds = TransformData.Parse(rtdsCommand);
        var signed = rtdsCommand.AsSpan(rtds.SigningOffset, rtds.SigningLength).ToArray();

        var command = TransformData.Transformer().CompleteSignedPreCommand(result.Command, signed);

        Assert.Equal(Convert.ToHexString(rtdsCommand), Convert.ToHexString(command));
    }
}

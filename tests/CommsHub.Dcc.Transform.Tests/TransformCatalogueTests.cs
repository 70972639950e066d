using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.UseCases;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// Every transform agrees with the message-code catalogue (<see cref="MessageCodes"/>): the use cases it names are
/// catalogue entries, and every plan it makes for a DUIS template carries the entry's code, criticality and a target
/// device type the entry lists.
/// </summary>
public sealed class TransformCatalogueTests
{
    /// <summary>
    /// Use-case names a transform may use for a code whose catalogue name differs: RTDS files CCS05 and CCS04 (one code,
    /// 0x0004) under one folder, CCS05CCS04, and the transform names the use case as RTDS does.
    /// </summary>
    private static readonly Dictionary<string, string> CatalogueNameOf = new(StringComparer.Ordinal)
    {
        ["CCS05CCS04"] = "CCS05",
    };

    private static string CatalogueName(string useCase) => CatalogueNameOf.GetValueOrDefault(useCase, useCase);

    [Fact]
    public void Every_use_case_a_transform_names_is_in_the_catalogue()
    {
        var missing = TransformRegistry.Default.SupportedSrvs
            .SelectMany(srv => TransformRegistry.Default.For(srv))
            .SelectMany(t => t.UseCases.Select(uc => (t.Srv, UseCase: uc)))
            .Where(x => MessageCodes.IndexOfName(CatalogueName(x.UseCase)) < 0)
            .Select(x => $"{x.Srv}: {x.UseCase}")
            .ToList();
        Assert.True(missing.Count == 0, "not in the catalogue: " + string.Join(", ", missing));
    }

    [SharedDataFact]
    public void Every_plan_for_a_template_carries_its_catalogue_entrys_code_criticality_and_a_listed_target()
    {
        var registry = TransformRegistry.Default;
        var failures = new List<string>();
        var planned = 0;
        foreach (var path in Directory.EnumerateFiles(SharedData.PathOf(TransformData.TemplatesFolder)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var request = TransformData.Load(path);
            var srv = request.Header.ServiceReferenceVariant;
            if (!registry.Supports(srv)) continue;
            var context = TransformData.Context(request, 1, name.Split('_')[0]);
            UseCasePlan plan;
            try { plan = registry.Plan(request, context); }
            catch (DuisTransformException) { continue; } // refused requests are the error tests' business
            planned++;
            var info = MessageCodes.Lookup(plan.MessageCode);
            if (info is null)
            {
                failures.Add($"{name}: 0x{plan.MessageCode:X4} is not in the catalogue");
                continue;
            }
            if (info.Name != CatalogueName(plan.UseCase)) failures.Add($"{name}: plan {plan.UseCase} with {info}");
            if (!registry.For(srv).Any(t => t.UseCases.Contains(plan.UseCase))) failures.Add($"{name}: {plan.UseCase} is not among {srv}'s use cases");
            if (info.Kind == MessageKind.Alert) failures.Add($"{name}: {info} is an alert, not a command");
            // The catalogue's "critical" is "carries a signature": the ACB's non-critical joins to a PPMID are signed by the ACB.
            var signed = plan.Critical || plan.SignedByAccessControlBroker;
            // 6.23's TransCoS-signed 0x0107 has only a COMMAND in RTDS, so the catalogue lists it non-critical.
            if (info.IsCommand && plan.Origin != CommandOrigin.TransitionalCoS && signed != info.IsCritical) failures.Add($"{name}: plan critical={plan.Critical} (ACB-signed={plan.SignedByAccessControlBroker}), catalogue {info.Kind}");
            var type = context.DeviceTypeOf(request.Header.RequestId.Target);
            if (info.TargetsKnown && type is { } t && !info.Targets(t))
                failures.Add($"{name}: target {t} is not among {info}'s targets ({info.TargetLetterList})");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(planned >= 30, $"only {planned} templates planned");
    }
}

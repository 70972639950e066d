using System.Text.Json;
using CommsHub.Dcc.Access;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Tests;

public class EligibilityTests
{
    private static List<JsonElement> Matrix() =>
        JsonDocument.Parse(File.ReadAllText(DuisData.PathOf("duis-request-matrix.json"))).RootElement.EnumerateArray().ToList();

    [SharedDataFact]
    public void Role_matrix_over_129_SRVs_and_7_roles_equals_the_DUIS_request_matrix()
    {
        var rows = Matrix();
        Assert.Equal(129, rows.Count);
        Assert.Equal(SrvCatalogue.Count, SrvCatalogue.All.Count);
        var checkedCells = 0;
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            var srv = row.GetProperty("Service Reference Variant").GetString()!;
            var eligible = row.GetProperty("Eligible User Roles").EnumerateArray().Select(r => r.GetString()).ToHashSet();
            foreach (var role in UserRoles.All)
            {
                checkedCells++;
                if (EligibilityCheck.IsEligible(role, srv) != eligible.Contains(role.Code()))
                    mismatches.Add($"{srv}/{role.Code()}");
            }
        }
        Assert.Equal(903, checkedCells);
        Assert.Empty(mismatches);
    }

    [SharedDataFact]
    public void Every_catalogue_field_equals_the_matrix_in_the_same_order()
    {
        var rows = Matrix();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var info = SrvCatalogue.All[i];
            Assert.Equal(row.GetProperty("Service Reference Variant").GetString(), info.Srv);
            // The matrix writes "6.2" for the 6.20.x variants (a lost trailing zero); the catalogue says "6.20".
            var sr = row.GetProperty("Service Reference").GetString();
            Assert.Equal(info.Srv.StartsWith("6.20.", StringComparison.Ordinal) ? "6.20" : sr, info.ServiceReference);
            Assert.Equal(string.Join(" ", row.GetProperty("Service Request Name").GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), info.Name);
            Assert.Equal(row.GetProperty("Critical").GetString() == "Yes", info.Critical);
            Assert.Equal(row.GetProperty("On Demand").GetString() == "Yes", info.OnDemand);
            Assert.Equal(row.GetProperty("DCC Scheduled").GetString() == "Yes", info.DccScheduled);
            Assert.Equal(row.GetProperty("Non-Device Request").GetString() == "Yes", info.NonDevice);
            var pattern = row.GetProperty("Future Dated Response Pattern").GetString() switch
            {
                "No" => FutureDatedPattern.None, "DSP" => FutureDatedPattern.Dsp,
                "Device" => FutureDatedPattern.Device, "DSP & Device" => FutureDatedPattern.DspAndDevice,
                var other => throw new InvalidOperationException(other),
            };
            Assert.Equal(pattern, info.FutureDated);
        }
    }

    [Fact]
    public void Command_variants_follow_criticality()
    {
        foreach (var info in SrvCatalogue.All)
        {
            if (info.NonDevice) Assert.Equal([8], info.CommandVariants.Order());
            else if (info.Srv == "8.1.1") Assert.Equal([4, 5], info.CommandVariants.Order());
            else if (info.Srv == "8.5") Assert.Equal([1], info.CommandVariants.Order());
            else if (info.Critical) Assert.Equal([4, 5, 6, 7], info.CommandVariants.Order());
            else Assert.Equal([1, 2, 3], info.CommandVariants.Order());
        }
    }

    [Fact]
    public void Examples_from_SEC_DCC()
    {
        Assert.True(EligibilityCheck.IsEligible(UserRole.ImportSupplier, "8.11"));
        Assert.True(EligibilityCheck.IsEligible(UserRole.ElectricityDistributor, "4.1.1"));
        Assert.False(EligibilityCheck.IsEligible(UserRole.OtherUser, "4.1.1"));
        Assert.True(EligibilityCheck.IsEligible(UserRole.OtherUser, "4.8.1"));
        Assert.False(EligibilityCheck.IsEligible(UserRole.ImportSupplier, "7.16")); // no roles in the matrix
        Assert.False(EligibilityCheck.IsEligible(UserRole.ImportSupplier, "99.9"));  // unknown SRV
        Assert.True(EligibilityCheck.IsCommandVariantAllowed("7.1", 4));
        Assert.False(EligibilityCheck.IsCommandVariantAllowed("7.1", 1));
        Assert.Equal("Read Inventory (Current and Future Suppliers may use this Service Request)", SrvCatalogue.Find("8.2")!.Name);
    }

    [Fact]
    public void Role_codes_round_trip()
    {
        Assert.Equal(["IS", "ES", "GS", "ED", "GT", "RSA", "OU"], UserRoles.All.Select(r => r.Code()));
        foreach (var role in UserRoles.All)
        {
            Assert.True(UserRoles.TryParse(role.Code(), out var parsed));
            Assert.Equal(role, parsed);
        }
        Assert.False(UserRoles.TryParse("MDR", out _));
    }
}

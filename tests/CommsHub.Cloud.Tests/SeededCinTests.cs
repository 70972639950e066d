using CommsHub.Cloud.Seeding;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Transforms;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The seeded meters' Customer Identification Numbers, which the adapter hands its transform (9.1 sends the CIN to the
/// meter: ECS50, GCS36); before, the demo had none and answered every 9.1 with E19.
/// </summary>
public sealed class SeededCinTests
{
    [Fact]
    public void Every_demo_meter_has_its_cin_and_a_hub_none()
    {
        var cins = Assert.IsAssignableFrom<ICustomerIdentificationNumbers>(SeedPlan.Minted.CustomerIdentificationNumbers());
        var first = DemoIdentities.Hubs[0];
        var second = DemoIdentities.Hubs[1];

        Assert.Equal("0101", cins.CustomerIdentificationNumberOf(first - 2));
        Assert.Equal("0102", cins.CustomerIdentificationNumberOf(first - 1));
        Assert.Equal("0201", cins.CustomerIdentificationNumberOf(second - 2));
        Assert.Equal("0202", cins.CustomerIdentificationNumberOf(second - 1));
        Assert.Null(cins.CustomerIdentificationNumberOf(first));
    }

    [Fact]
    public void The_rtds_meters_have_the_cin_the_rtds_commands_carry()
    {
        var cins = Assert.IsAssignableFrom<ICustomerIdentificationNumbers>(SeedPlan.Rtds.CustomerIdentificationNumbers());

        Assert.Equal("1234", cins.CustomerIdentificationNumberOf(0x00DB1234567890A0));
        Assert.Equal("1234", cins.CustomerIdentificationNumberOf(0x00DB1234567890A1));
    }
}

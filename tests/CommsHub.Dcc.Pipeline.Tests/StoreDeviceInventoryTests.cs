using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>The store-backed inventory answers the transform's profile and CIN questions (fallback, else the default rule).</summary>
public sealed class StoreDeviceInventoryTests
{
    [SharedDataFact]
    public void A_stored_meter_without_a_recorded_profile_is_the_default_device_and_the_fallback_adds_profiles_and_CINs()
    {
        using var rig = new Rig();
        var plain = new StoreDeviceInventory(rig.Store.Inventory);
        Assert.Null(plain.ProfileOf(Rig.Esme));
        Assert.Null(plain.CustomerIdentificationNumberOf(Rig.Esme));
        var context = new TransformContext { AcbOriginatorCounter = 1, Inventory = plain };
        Assert.Same(DeviceProfile.Default, DeviceProfile.Of(context, Rig.Esme));

        var twin = new DeviceProfile(EsmeVariant.TwinElement, OlderGbcsVersion: true);
        var fallback = new ProfiledDeviceInventory(new StaticDeviceInventory()).AddProfile(Rig.Esme, twin).AddCin(Rig.Esme, "4321");
        var backed = new StoreDeviceInventory(rig.Store.Inventory, fallback);
        Assert.Equal(twin, DeviceProfile.Of(context with { Inventory = backed }, Rig.Esme));
        Assert.Equal("4321", backed.CustomerIdentificationNumberOf(Rig.Esme));
        Assert.Equal(Protocol.Asn1.DeviceType.Esme, backed.DeviceTypeOf(Rig.Esme));
    }
}

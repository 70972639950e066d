using CommsHub.Protocol.Asn1;

namespace CommsHub.Cloud.Seeding;

/// <summary>
/// What a seeded device is, as the inventory records it for DUIS DSPInventory answers: manufacturer identifier,
/// device-model code and firmware version.
/// </summary>
/// <param name="Manufacturer">DUIS DeviceManufacturer.</param>
/// <param name="Model">DUIS DeviceModel (hex device-model code).</param>
/// <param name="FirmwareVersion">DUIS DeviceFirmwareVersion.</param>
public sealed record SeedModel(string Manufacturer, string Model, string FirmwareVersion)
{
    // Demo values, not any real product's. Shaped like the DCC's own examples (4 hex digits of manufacturer, 8 of model
    // and firmware; "AB01" is the DCC 12.2 template's manufacturer). CHF and GPF are one physical Comms Hub, so they
    // share manufacturer, model and firmware, as in the DCC's Read Inventory example. The firmware versions are the
    // ones the virtual devices answer to a firmware read (VirtualHubOptions 01000000, VirtualEsme/VirtualGsme 0123ABCD),
    // so the inventory and the devices agree.
    private static readonly SeedModel CommsHub = new("AB01", "0A010001", "01000000");
    private static readonly SeedModel ElectricityMeter = new("AB02", "0A020001", "0123ABCD");
    private static readonly SeedModel GasMeter = new("AB02", "0A030001", "0123ABCD");

    /// <summary>The model given to seeded devices of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">a type the seed plans do not contain.</exception>
    public static SeedModel For(DeviceType type) => type switch
    {
        DeviceType.Chf or DeviceType.Gpf => CommsHub,
        DeviceType.Esme => ElectricityMeter,
        DeviceType.Gsme => GasMeter,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "seed plans hold only hubs, GPFs and meters"),
    };
}

using CommsHub.Protocol.Asn1;

namespace CommsHub.Dcc.Access;

/// <summary>
/// One device in the Smart Metering Inventory (SEC-DCC.md §8: type, ID, model, SMI status and the date it applies from,
/// MPxN for smart meters, and the Communications Hub / meter it is associated with).
/// </summary>
/// <param name="Eui">Device ID (EUI-64).</param>
/// <param name="Type">GBCS device type: ESME, GSME, CHF, GPF, HCALCS, PPMID, Type 2.</param>
/// <param name="Status">SMI status.</param>
/// <param name="StatusSince">When <paramref name="Status"/> took effect (UTC).</param>
/// <param name="Mpxns">Metering points the device serves directly: a meter's import MPAN / MPRN, secondary
/// import MPAN and export MPAN. Empty for hubs, PPMIDs, HCALCS and Type 2 devices.</param>
/// <param name="CommsHub">The CHF this device hangs off (its HAN); null for a CHF itself or when not yet known.</param>
/// <param name="Manufacturer">DUIS DeviceManufacturer (up to 30 characters; DCC examples use 4 hex digits such as
/// "106C"); null when not known.</param>
/// <param name="Model">DUIS DeviceModel, the hex device-model code (up to 30 characters; DCC examples use 8 hex digits
/// such as "433100AC"); null when not known.</param>
/// <param name="FirmwareVersion">DUIS DeviceFirmwareVersion (1 to 8 characters, e.g. "0002012F"); null when not known.</param>
/// <exception cref="ArgumentException">a text is longer than the DUIS schema allows.</exception>
/// <remarks>Empty or blank texts are stored as null, so "not known" has one form (what DUIS calls unknown is decided
/// where the answer is written).</remarks>
public sealed record InventoryDevice(
    ulong Eui,
    DeviceType Type,
    SmiStatus Status,
    DateTimeOffset StatusSince,
    IReadOnlyList<string> Mpxns,
    ulong? CommsHub,
    string? Manufacturer = null,
    string? Model = null,
    string? FirmwareVersion = null)
{
    /// <summary>XSD DeviceManufacturer and DeviceModel: maxLength 30.</summary>
    public const int MaxManufacturerOrModelLength = 30;

    /// <summary>XSD FirmwareVersion: maxLength 8.</summary>
    public const int MaxFirmwareVersionLength = 8;

    // Checked here (constructor and `with`) so that nothing the store holds can make a DSPInventory answer schema-invalid.
    /// <summary>DUIS DeviceManufacturer, or null when not known.</summary>
    public string? Manufacturer { get; init => field = Checked(value, MaxManufacturerOrModelLength, nameof(Manufacturer)); }
        = Checked(Manufacturer, MaxManufacturerOrModelLength, nameof(Manufacturer));

    /// <summary>DUIS DeviceModel (hex device-model code), or null when not known.</summary>
    public string? Model { get; init => field = Checked(value, MaxManufacturerOrModelLength, nameof(Model)); }
        = Checked(Model, MaxManufacturerOrModelLength, nameof(Model));

    /// <summary>DUIS DeviceFirmwareVersion, or null when not known.</summary>
    public string? FirmwareVersion { get; init => field = Checked(value, MaxFirmwareVersionLength, nameof(FirmwareVersion)); }
        = Checked(FirmwareVersion, MaxFirmwareVersionLength, nameof(FirmwareVersion));

    private static string? Checked(string? text, int maxLength, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Length <= maxLength ? text : throw new ArgumentException($"{name} '{text}' is longer than the DUIS schema's {maxLength} characters", name);
    }
}

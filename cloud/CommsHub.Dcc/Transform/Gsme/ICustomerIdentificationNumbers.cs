namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// The DCC's record of each GSME's Customer Identification Number (the CIN the DCC allocates, which 9.1 Request
/// Customer Identification Number sends to the meter). An <see cref="IDeviceInventory"/> that holds CINs implements it.
/// </summary>
public interface ICustomerIdentificationNumbers
{
    /// <summary>The CIN held for <paramref name="device"/>, or null when none is.</summary>
    string? CustomerIdentificationNumberOf(ulong device);
}

namespace CommsHub.Dcc.Transforms.Gsme;

/// <summary>
/// What the inventory knows about a device's GBCS use-case versions. Some DUIS requests map to two GBCS use cases
/// with different message codes (and sometimes payloads) depending on the device's model and SMETS version, e.g. 6.2.3
/// to GCS21d or GCS21k, 6.2.4 to GCS21e or GCS21m, 4.18 to GCS60 or GCS60a. An <see cref="IDeviceInventory"/> that
/// also implements this interface picks one; without it the newer use case (the last candidate) is used.
/// </summary>
public interface IGbcsVariantInventory
{
    /// <summary>The one of <paramref name="candidates"/> (oldest first) that device <paramref name="device"/> supports, or null when not known.</summary>
    string? UseCaseVariant(ulong device, IReadOnlyList<string> candidates);
}

namespace CommsHub.Dcc.Access;

/// <summary>
/// Smart Metering Inventory status of a device: the DUIS 5.4 DeviceStatus enumeration (SEC-DCC.md §8).
/// Which statuses each request class accepts is <see cref="SmiStatusRules"/>.
/// </summary>
public enum SmiStatus
{
    /// <summary>Pre-notified (12.2 or 8.4) and not yet on a Communications Hub's device log.</summary>
    Pending,
    /// <summary>On its Communications Hub's CHF Device Log (8.11 Add succeeded), not yet installed.</summary>
    Whitelisted,
    /// <summary>Installed (and for a hub: reported by 8.14.1), not yet commissioned.</summary>
    InstalledNotCommissioned,
    /// <summary>Commissioned: in normal service.</summary>
    Commissioned,
    /// <summary>Decommissioned (8.3): no longer part of a Smart Metering System.</summary>
    Decommissioned,
    /// <summary>Withdrawn from DCC services (Smart Metering System withdrawn, or a hub set Withdrawn by 8.4).</summary>
    Withdrawn,
    /// <summary>Suspended by the DCC (DeviceSuspended, e.g. its model or firmware left the Certified Products List).</summary>
    Suspended,
    /// <summary>Recovery from a compromise is under way (the DCC replaces trust anchors).</summary>
    Recovery,
    /// <summary>Recovery complete (RecoveryComplete); users must re-establish their own credentials.</summary>
    Recovered,
}

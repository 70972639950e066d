using static CommsHub.Dcc.Access.SmiStatus;

namespace CommsHub.Dcc.Access;

/// <summary>Groups of Service Requests that share one rule about the device's SMI status (E5).</summary>
public enum SmiRequestClass
{
    /// <summary>Every device SRV not named in another class: reads, configuration, tariffs, prepayment, supply, schedules.</summary>
    Operational,
    /// <summary>8.1.1 Commission Device.</summary>
    Commissioning,
    /// <summary>8.7.1, 8.7.2 Join Service, 8.8.1, 8.8.2 Unjoin Service.</summary>
    Join,
    /// <summary>8.9 Read Device Log, 8.11 Update HAN Device Log, 8.12.1/8.12.2 Restore device logs.</summary>
    DeviceLog,
    /// <summary>6.15.1, 6.15.2 Update Security Credentials, 6.17 Issue, 6.24.1, 6.24.2 Retrieve Security Credentials.</summary>
    Credentials,
    /// <summary>11.1 Update Firmware, 11.2 Read Firmware Version, 11.3 Activate Firmware, 11.4 Update PPMID Firmware.</summary>
    Firmware,
    /// <summary>12.2 Device Pre-notification.</summary>
    Prenotification,
    /// <summary>8.2 Read Inventory.</summary>
    InventoryRead,
    /// <summary>8.4 Update Inventory.</summary>
    InventoryUpdate,
    /// <summary>8.3 Decommission Device.</summary>
    Decommission,
    /// <summary>8.14.1 Install Success, 8.14.2 Install No SM WAN.</summary>
    CommsHubInstall,
    /// <summary>8.14.3 Fault Return, 8.14.4 No Fault Return.</summary>
    CommsHubReturn,
    /// <summary>5.2 Read Schedule, 5.3 Delete Schedule.</summary>
    ScheduleMaintenance,
}

/// <summary>One row of the SMI status table.</summary>
/// <param name="Class">The request class.</param>
/// <param name="Accepted">Statuses the device may have.</param>
/// <param name="DeviceMayBeUnknown">True when the device need not be in the inventory yet (no E19).</param>
/// <param name="Reason">Why: quoted in E5 answers and the audit trail.</param>
public sealed record SmiRule(SmiRequestClass Class, IReadOnlySet<SmiStatus> Accepted, bool DeviceMayBeUnknown, string Reason);

/// <summary>
/// Which SMI statuses each request class accepts (E5 otherwise).
/// </summary>
/// <remarks>
/// DUIS's own status-by-SRV matrix was NOT FOUND (SEC-DCC.md §8, §9). This table is derived from what the sources do
/// give: the meaning of each status (XSD DeviceStatus, DeviceStatusChange events), which statuses users may set
/// themselves through 8.4 (non-hub devices: Pending, InstalledNotCommissioned; hubs: Commissioned, Withdrawn,
/// InstalledNotCommissioned), the install sequence (12.2 pre-notify -> 8.11 whitelist -> join -> 8.1.1 commission), and
/// the 11.1 response's NotCommissionedDeviceIDList (firmware may go to devices not yet commissioned). Each row says why.
/// Changing a row is a policy change: the SMI tests assert this table.
/// </remarks>
public static class SmiStatusRules
{
    private static IReadOnlySet<SmiStatus> S(params SmiStatus[] statuses) => statuses.ToHashSet();

    /// <summary>The table, one row per class.</summary>
    public static IReadOnlyList<SmiRule> Table { get; } =
    [
        new(SmiRequestClass.Operational, S(Commissioned), false,
            "ordinary device services need a commissioned device: commissioning (8.1.1) is what confirms the device, its "
            + "MPxN association and its clock, and every other status means the device is not (or no longer) in service"),
        new(SmiRequestClass.Commissioning, S(Whitelisted, InstalledNotCommissioned), false,
            "8.1.1 is the step that makes a whitelisted or installed device Commissioned; a commissioned device resynchronises "
            + "its clock with 6.11 instead, and suspended, recovering or retired devices must not be brought into service"),
        new(SmiRequestClass.Join, S(Whitelisted, InstalledNotCommissioned, Commissioned), false,
            "joins and unjoins (8.7, 8.8) pair HAN devices during installation, before commissioning, as well as in service; "
            + "a device that is only pre-notified is not on any hub's device log, so it cannot join"),
        new(SmiRequestClass.DeviceLog, S(InstalledNotCommissioned, Commissioned), false,
            "device-log requests (8.9, 8.11, 8.12) address the hub or GPF, which receives commands once installed "
            + "(8.14.1 moves it to InstalledNotCommissioned) and before the meters on it are commissioned: 8.11 is how they get on the HAN"),
        new(SmiRequestClass.Credentials, S(InstalledNotCommissioned, Commissioned, Recovered), false,
            "security credentials are placed and read during installation and in service; after a recovery (Recovered) the "
            + "users must re-establish their own trust anchors, which is only possible through these requests"),
        new(SmiRequestClass.Firmware, S(InstalledNotCommissioned, Commissioned, Suspended), false,
            "firmware may go to devices not yet commissioned (11.1 answers with a NotCommissionedDeviceIDList), and a device "
            + "suspended because its firmware left the Certified Products List can only be restored by new firmware"),
        new(SmiRequestClass.Prenotification, S(Pending, Whitelisted), true,
            "pre-notification (12.2) creates the inventory entry, so the device may be unknown; it may correct an entry "
            + "before installation, but an installed device's details change through 8.4 instead"),
        new(SmiRequestClass.InventoryRead, Enum.GetValues<SmiStatus>().ToHashSet(), false,
            "reading the inventory (8.2) is how a user learns a device's status, so no status may hide it"),
        new(SmiRequestClass.InventoryUpdate, S(Pending, Whitelisted, InstalledNotCommissioned, Commissioned), false,
            "users update live devices (8.4); Decommissioned and Withdrawn are final, and Suspended, Recovery and Recovered "
            + "are set and cleared by the DCC only (DeviceSuspended, DeviceRestored, RecoveryComplete events)"),
        new(SmiRequestClass.Decommission, S(Pending, Whitelisted, InstalledNotCommissioned, Commissioned, Suspended, Recovered), false,
            "any device still part of a system may be taken out (8.3), including a suspended one; not one already out "
            + "(Decommissioned, Withdrawn) nor one mid-recovery, whose credentials the DCC is replacing"),
        new(SmiRequestClass.CommsHubInstall, S(Pending, InstalledNotCommissioned), false,
            "8.14.1/8.14.2 report a hub's installation: it was Pending, or is already installed and the report is repeated"),
        new(SmiRequestClass.CommsHubReturn, S(Pending, Whitelisted, InstalledNotCommissioned, Commissioned, Decommissioned, Withdrawn, Suspended, Recovered), false,
            "a hub goes back to its provider (8.14.3/8.14.4) whatever became of it, including after decommissioning or "
            + "withdrawal; only mid-recovery is refused, because the DCC is replacing its credentials"),
        new(SmiRequestClass.ScheduleMaintenance, Enum.GetValues<SmiStatus>().ToHashSet(), false,
            "reading and deleting schedules (5.2, 5.3) must stay possible for a device that left service, so its users can clean up"),
    ];

    private static readonly Dictionary<SmiRequestClass, SmiRule> ByClass = Table.ToDictionary(r => r.Class);

    /// <summary>The request class of an SRV.</summary>
    public static SmiRequestClass ClassOf(string srv) => srv switch
    {
        "8.1.1" => SmiRequestClass.Commissioning,
        "8.7.1" or "8.7.2" or "8.8.1" or "8.8.2" => SmiRequestClass.Join,
        "8.9" or "8.11" or "8.12.1" or "8.12.2" => SmiRequestClass.DeviceLog,
        "6.15.1" or "6.15.2" or "6.17" or "6.24.1" or "6.24.2" => SmiRequestClass.Credentials,
        "11.1" or "11.2" or "11.3" or "11.4" => SmiRequestClass.Firmware,
        "12.2" => SmiRequestClass.Prenotification,
        "8.2" => SmiRequestClass.InventoryRead,
        "8.4" => SmiRequestClass.InventoryUpdate,
        "8.3" => SmiRequestClass.Decommission,
        "8.14.1" or "8.14.2" => SmiRequestClass.CommsHubInstall,
        "8.14.3" or "8.14.4" => SmiRequestClass.CommsHubReturn,
        "5.2" or "5.3" => SmiRequestClass.ScheduleMaintenance,
        _ => SmiRequestClass.Operational,
    };

    /// <summary>The rule that applies to <paramref name="srv"/>.</summary>
    public static SmiRule RuleFor(string srv) => ByClass[ClassOf(srv)];

    /// <summary>True when a device in <paramref name="status"/> may be the subject of <paramref name="srv"/>.</summary>
    public static bool Accepts(string srv, SmiStatus status) => RuleFor(srv).Accepted.Contains(status);
}

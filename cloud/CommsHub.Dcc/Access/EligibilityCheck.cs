namespace CommsHub.Dcc.Access;

/// <summary>
/// The role gate of access control (DUIS response code E2: "User Role not permitted to send Service Reference").
/// Registration (E4), SMI status (E5) and the other checks come after it and live elsewhere.
/// </summary>
public static class EligibilityCheck
{
    /// <summary>
    /// True when <paramref name="role"/> may send <paramref name="srv"/>. An unknown SRV is never eligible
    /// (the schema would have refused it before; this keeps the check safe on its own).
    /// </summary>
    public static bool IsEligible(UserRole role, string srv) =>
        SrvCatalogue.Find(srv) is { } info && info.EligibleRoles.Contains(role);

    /// <summary>True when <paramref name="commandVariant"/> is allowed for <paramref name="srv"/> (E12 otherwise).</summary>
    public static bool IsCommandVariantAllowed(string srv, int commandVariant) =>
        SrvCatalogue.Find(srv) is { } info && info.CommandVariants.Contains(commandVariant);
}

namespace CommsHub.Dcc.Access;

/// <summary>Policy knobs of <see cref="AccessControl"/>.</summary>
public sealed class AccessControlOptions
{
    /// <summary>
    /// Roles that may ask for local delivery (CV 2, 3, 6, 7: the command comes back to the user to be carried to the
    /// premises). SEC-DCC.md §1.3 says E17 depends on role, without the list. Default: the supplier roles and their agent,
    /// who are the ones with installers on site; network operators and Other Users get E17.
    /// </summary>
    public ISet<UserRole> LocalDeliveryRoles { get; set; } = new HashSet<UserRole>
    {
        UserRole.ImportSupplier, UserRole.ExportSupplier, UserRole.GasSupplier, UserRole.RegisteredSupplierAgent,
    };

    /// <summary>Anomaly detection: window, thresholds, and whether requests are counted in-process or in the shared store.</summary>
    public AnomalyOptions Anomaly { get; set; } = new();
}

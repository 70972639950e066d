namespace CommsHub.Dcc.Access;

/// <summary>The seven SEC User Roles (SEC-DCC.md §2). DUIS writes them as the short codes in <see cref="UserRoles"/>.</summary>
public enum UserRole
{
    /// <summary>IS: Import Supplier.</summary>
    ImportSupplier,
    /// <summary>ES: Export Supplier.</summary>
    ExportSupplier,
    /// <summary>GS: Gas Supplier.</summary>
    GasSupplier,
    /// <summary>ED: Electricity Distributor.</summary>
    ElectricityDistributor,
    /// <summary>GT: Gas Transporter.</summary>
    GasTransporter,
    /// <summary>RSA: Registered Supplier Agent.</summary>
    RegisteredSupplierAgent,
    /// <summary>OU: Other User (needs consumer consent for consumption data).</summary>
    OtherUser,
}

/// <summary>DUIS short codes of <see cref="UserRole"/>.</summary>
public static class UserRoles
{
    /// <summary>All roles in enum order.</summary>
    public static IReadOnlyList<UserRole> All { get; } = Enum.GetValues<UserRole>();

    /// <summary>The DUIS short code ("IS", "ES", "GS", "ED", "GT", "RSA", "OU").</summary>
    public static string Code(this UserRole role) => role switch
    {
        UserRole.ImportSupplier => "IS",
        UserRole.ExportSupplier => "ES",
        UserRole.GasSupplier => "GS",
        UserRole.ElectricityDistributor => "ED",
        UserRole.GasTransporter => "GT",
        UserRole.RegisteredSupplierAgent => "RSA",
        UserRole.OtherUser => "OU",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a DUIS user role"),
    };

    /// <summary>Parses a DUIS short code (case-sensitive, as DUIS writes them).</summary>
    public static bool TryParse(string? code, out UserRole role)
    {
        foreach (var r in All)
        {
            if (r.Code() == code) { role = r; return true; }
        }
        role = default;
        return false;
    }
}

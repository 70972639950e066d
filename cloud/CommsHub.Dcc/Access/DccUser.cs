namespace CommsHub.Dcc.Access;

/// <summary>
/// The certificate a user signs DUIS XML with, named the way a signature's KeyInfo names it
/// (X509IssuerSerial): issuer distinguished name and serial number in upper-case hex.
/// </summary>
/// <param name="IssuerName">Issuer DN as the signature writes it, e.g. "CN=Z1, OU=07".</param>
/// <param name="SerialNumberHex">Serial number, upper-case hex without leading zeros.</param>
public sealed record XmlSignIdentity(string IssuerName, string SerialNumberHex);

/// <summary>
/// A DCC User: one User ID (EUI-64 from the party's allocated range) holding one or more User Roles.
/// SECAS lets a party use one EUI for several roles (SEC-DCC.md §2, [IDALLOC]), hence a set.
/// </summary>
/// <param name="Eui">The User ID: the originator in every RequestID it sends.</param>
/// <param name="Name">Display name for operators and the audit trail.</param>
/// <param name="Roles">Roles the user holds. A request in a role not held is E1.</param>
/// <param name="Status">Standing; anything but <see cref="UserStatus.Active"/> is E3.</param>
/// <param name="XmlSign">The XML-sign (OU 87) certificate the user's DUIS signatures must name; null when unknown.</param>
public sealed record DccUser(ulong Eui, string Name, IReadOnlySet<UserRole> Roles, UserStatus Status, XmlSignIdentity? XmlSign)
{
    /// <summary>True when the user holds <paramref name="role"/>.</summary>
    public bool Holds(UserRole role) => Roles.Contains(role);
}

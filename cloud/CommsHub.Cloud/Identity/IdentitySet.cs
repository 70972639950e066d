using System.Security.Cryptography.X509Certificates;
using CommsHub.Cloud.Configuration;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;

namespace CommsHub.Cloud.Identity;

/// <summary>A DCC User as the identity set knows it: its User ID, roles and DUIS XML-signing certificate.</summary>
/// <param name="Eui">User ID (the RequestID originator).</param>
/// <param name="Name">Display name.</param>
/// <param name="Roles">DUIS user roles it holds (from its SMKI organisation role).</param>
/// <param name="XmlSignCertificate">The OU 87 certificate its requests must be signed with.</param>
public sealed record UserIdentity(ulong Eui, string Name, IReadOnlySet<UserRole> Roles, X509Certificate2 XmlSignCertificate);

/// <summary>
/// Who the service deals with: the users (and the certificates their DUIS signatures must verify with), the DSP
/// signer for responses, the hubs allowed on the broker, and the GBCS key folder. Built once at start.
/// </summary>
public sealed class IdentitySet(
    IdentityMode mode,
    string source,
    ulong dccEui,
    IReadOnlyDictionary<ulong, UserIdentity> users,
    DuisSignerDirectory signers,
    DuisSigner dspSigner,
    IReadOnlyList<ulong> hubs,
    string keysDirectory) : IDisposable
{
    /// <summary>Minted or RTDS.</summary>
    public IdentityMode Mode { get; } = mode;

    /// <summary>Where the identities came from (a folder), for the start banner.</summary>
    public string Source { get; } = source;

    /// <summary>The DCC's EUI: ACB and DSP.</summary>
    public ulong DccEui { get; } = dccEui;

    /// <summary>Users by User ID.</summary>
    public IReadOnlyDictionary<ulong, UserIdentity> Users { get; } = users;

    /// <summary>XML-signing certificates requests are verified against (looked up by issuer and serial).</summary>
    public DuisSignerDirectory Signers { get; } = signers;

    /// <summary>Signs DUIS responses (OU 89).</summary>
    public DuisSigner DspSigner { get; } = dspSigner;

    /// <summary>The hubs (CHF EUIs) seeded into the broker's credentials.</summary>
    public IReadOnlyList<ulong> Hubs { get; } = hubs;

    /// <summary>GBCS keys in the RTDS keystore layout (ACB keys, device certificates).</summary>
    public string KeysDirectory { get; } = keysDirectory;

    /// <summary>DUIS roles a party of SMKI role <paramref name="smkiRole"/> may act in.</summary>
    public static IReadOnlySet<UserRole> RolesOf(byte smkiRole) => smkiRole switch
    {
        SmkiRoles.Supplier => new HashSet<UserRole> { UserRole.ImportSupplier, UserRole.GasSupplier },
        SmkiRoles.NetworkOperator => new HashSet<UserRole> { UserRole.ElectricityDistributor, UserRole.GasTransporter },
        SmkiRoles.OtherUser => new HashSet<UserRole> { UserRole.OtherUser },
        _ => new HashSet<UserRole>(),
    };

    /// <inheritdoc/>
    public void Dispose() => DspSigner.Dispose();
}

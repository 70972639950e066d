using CommsHub.Dcc.Storage;

namespace CommsHub.Dcc.Access;

/// <summary>The DCC Users and their roles, status and signing certificates (E1, E3), over an <see cref="IUserStore"/>.</summary>
public sealed class UserDirectory(IUserStore store)
{
    private readonly IUserStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>The user with User ID <paramref name="eui"/>, or null (E1).</summary>
    public DccUser? Find(ulong eui) => _store.Find(eui);

    /// <summary>Adds or replaces a user.</summary>
    public void Save(DccUser user) => _store.Upsert(user);

    /// <summary>Changes a user's status (suspend, reinstate, withdraw). False when the user is unknown.</summary>
    public bool SetStatus(ulong eui, UserStatus status) => _store.SetStatus(eui, status);

    /// <summary>
    /// True when the signature's certificate is the one recorded for the user. A user without a recorded certificate
    /// matches nothing: a signature can only vouch for a user if we know which certificate is theirs.
    /// </summary>
    public static bool SignedBy(DccUser user, XmlSignIdentity signer) =>
        user.XmlSign is { } own
        && string.Equals(Normalise(own.SerialNumberHex), Normalise(signer.SerialNumberHex), StringComparison.Ordinal)
        && string.Equals(Squash(own.IssuerName), Squash(signer.IssuerName), StringComparison.OrdinalIgnoreCase);

    // Serials compare as numbers; issuer names as written, ignoring spaces after separators ("CN=Z1,OU=07" == "CN=Z1, OU=07").
    private static string Normalise(string hex) => hex.TrimStart('0').ToUpperInvariant();

    private static string Squash(string dn) => string.Join(",", dn.Split(',').Select(s => s.Trim()));
}

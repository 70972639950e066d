using System.Collections.Frozen;

namespace CommsHub.Dcc.Access;

/// <summary>
/// All 129 DUIS Service Reference Variants. The table itself is generated source (SrvCatalogue.Generated.cs,
/// from the DUIS request matrix); this half gives lookup.
/// </summary>
public static partial class SrvCatalogue
{

    /// <summary>Every SRV, in DUIS document order.</summary>
    public static IReadOnlyList<ServiceReferenceVariantInfo> All => Entries;

    /// <summary>The SRV's description, or null when DUIS has no such variant.</summary>
    public static ServiceReferenceVariantInfo? Find(string srv) => Index.BySrv.GetValueOrDefault(srv);

    /// <summary>True when DUIS defines <paramref name="srv"/>.</summary>
    public static bool Contains(string srv) => Index.BySrv.ContainsKey(srv);

    // A nested class so the index is built after Entries (static field order across partial files is unspecified).
    private static class Index
    {
        public static readonly FrozenDictionary<string, ServiceReferenceVariantInfo> BySrv =
            Entries.ToFrozenDictionary(e => e.Srv, StringComparer.Ordinal);
    }

    private static FrozenSet<UserRole> Roles(params UserRole[] roles) => roles.ToFrozenSet();

    private static FrozenSet<int> Cvs(params int[] cvs) => cvs.ToFrozenSet();
}

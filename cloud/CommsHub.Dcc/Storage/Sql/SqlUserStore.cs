using System.Data.Common;
using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary><see cref="IUserStore"/> over table <c>users</c>; roles are stored as their DUIS codes, comma-separated.</summary>
internal sealed class SqlUserStore(SqlDatabase db, TimeSpan cacheTtl) : IUserStore
{
    private readonly ReferenceCache<ulong, DccUser?> _cache = new(db, cacheTtl);

    /// <summary>Drops every cached user.</summary>
    public void ClearCache() => _cache.Clear();

    private const string Columns = "eui, name, roles, status, xmlsign_issuer, xmlsign_serial";

    public DccUser? Find(ulong eui) => _cache.Get(eui, Load);

    private DccUser? Load(ulong eui) =>
        db.First($"SELECT {Columns} FROM users WHERE eui = @eui", Map, ("@eui", SqlValues.Eui(eui)));

    public void Upsert(DccUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _cache.Invalidate(user.Eui);
        db.Execute($"""
            INSERT INTO users ({Columns}) VALUES (@eui, @name, @roles, @status, @issuer, @serial)
            ON CONFLICT (eui) DO UPDATE SET name = excluded.name, roles = excluded.roles, status = excluded.status,
                xmlsign_issuer = excluded.xmlsign_issuer, xmlsign_serial = excluded.xmlsign_serial
            """,
            ("@eui", SqlValues.Eui(user.Eui)), ("@name", user.Name),
            ("@roles", string.Join(",", user.Roles.Order().Select(r => r.Code()))), ("@status", user.Status.ToString()),
            ("@issuer", SqlValues.OrNull(user.XmlSign?.IssuerName)), ("@serial", SqlValues.OrNull(user.XmlSign?.SerialNumberHex)));
    }

    public bool SetStatus(ulong eui, UserStatus status)
    {
        _cache.Invalidate(eui);
        return db.Execute("UPDATE users SET status = @status WHERE eui = @eui",
            ("@status", status.ToString()), ("@eui", SqlValues.Eui(eui))) == 1;
    }

    private static DccUser Map(DbDataReader r)
    {
        var roles = new HashSet<UserRole>();
        foreach (var code in r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            // A code this build does not know is dropped rather than guessed: the user then lacks that role (E1/E2).
            if (UserRoles.TryParse(code, out var role)) roles.Add(role);
        }
        var identity = r.IsDBNull(4) || r.IsDBNull(5) ? null : new XmlSignIdentity(r.GetString(4), r.GetString(5));
        return new DccUser(SqlValues.ParseEui(r.GetString(0)), r.GetString(1), roles, Enum.Parse<UserStatus>(r.GetString(3)), identity);
    }
}

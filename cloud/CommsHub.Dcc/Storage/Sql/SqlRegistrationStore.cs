using System.Data.Common;
using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary><see cref="IRegistrationStore"/> over table <c>registration</c> (half-open periods, UTC ticks).</summary>
internal sealed class SqlRegistrationStore(SqlDatabase db, TimeSpan cacheTtl) : IRegistrationStore
{
    private readonly ReferenceCache<string, IReadOnlyList<RegistrationPeriod>> _cache = new(db, cacheTtl);

    /// <summary>Drops every cached MPxN.</summary>
    public void ClearCache() => _cache.Clear();

    public void Add(RegistrationPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        _cache.Invalidate(period.Mpxn);
        db.Execute("""
            INSERT INTO registration (mpxn, role, party_eui, effective_from, effective_to)
            VALUES (@mpxn, @role, @party, @from, @to)
            """,
            ("@mpxn", period.Mpxn), ("@role", period.Role.Code()), ("@party", SqlValues.Eui(period.PartyEui)),
            ("@from", SqlValues.Time(period.EffectiveFrom)), ("@to", SqlValues.Time(period.EffectiveTo)));
    }

    public IReadOnlyList<RegistrationPeriod> ForMpxn(string mpxn) => _cache.Get(mpxn, Load);

    private IReadOnlyList<RegistrationPeriod> Load(string mpxn) =>
        db.List("""
            SELECT mpxn, role, party_eui, effective_from, effective_to FROM registration
            WHERE mpxn = @mpxn ORDER BY effective_from, id
            """, Map, ("@mpxn", mpxn));

    public int EndOpenPeriod(string mpxn, UserRole role, DateTimeOffset at)
    {
        _cache.Invalidate(mpxn);
        return db.Execute("""
            UPDATE registration SET effective_to = @at
            WHERE mpxn = @mpxn AND role = @role AND effective_to IS NULL AND effective_from < @at
            """,
            ("@at", SqlValues.Time(at)), ("@mpxn", mpxn), ("@role", role.Code()));
    }

    private static RegistrationPeriod Map(DbDataReader r)
    {
        if (!UserRoles.TryParse(r.GetString(1), out var role)) throw new InvalidDataException($"registration row has unknown role '{r.GetString(1)}'");
        return new RegistrationPeriod(r.GetString(0), role, SqlValues.ParseEui(r.GetString(2)),
            SqlValues.ParseTime(r.GetInt64(3)), r.IsDBNull(4) ? null : SqlValues.ParseTime(r.GetInt64(4)));
    }
}

using CommsHub.Dcc.Access;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary><see cref="IConsentStore"/> over table <c>consents</c>.</summary>
internal sealed class SqlConsentStore(SqlDatabase db) : IConsentStore
{
    public void Add(ConsentRecord consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        db.Execute("""
            INSERT INTO consents (user_eui, mpxn, purpose, valid_from, valid_to) VALUES (@user, @mpxn, @purpose, @from, @to)
            """,
            ("@user", SqlValues.Eui(consent.UserEui)), ("@mpxn", consent.Mpxn), ("@purpose", consent.Purpose.ToString()),
            ("@from", SqlValues.Time(consent.From)), ("@to", SqlValues.Time(consent.To)));
    }

    public IReadOnlyList<ConsentRecord> For(ulong userEui, string mpxn) =>
        db.List("""
            SELECT user_eui, mpxn, purpose, valid_from, valid_to FROM consents
            WHERE user_eui = @user AND mpxn = @mpxn ORDER BY valid_from, id
            """,
            r => new ConsentRecord(SqlValues.ParseEui(r.GetString(0)), r.GetString(1), Enum.Parse<ConsentPurpose>(r.GetString(2)),
                SqlValues.ParseTime(r.GetInt64(3)), r.IsDBNull(4) ? null : SqlValues.ParseTime(r.GetInt64(4))),
            ("@user", SqlValues.Eui(userEui)), ("@mpxn", mpxn));

    public int Withdraw(ulong userEui, string mpxn, ConsentPurpose purpose, DateTimeOffset at) =>
        db.Execute("""
            UPDATE consents SET valid_to = @at
            WHERE user_eui = @user AND mpxn = @mpxn AND purpose = @purpose AND valid_to IS NULL AND valid_from <= @at
            """,
            ("@at", SqlValues.Time(at)), ("@user", SqlValues.Eui(userEui)), ("@mpxn", mpxn), ("@purpose", purpose.ToString()));
}

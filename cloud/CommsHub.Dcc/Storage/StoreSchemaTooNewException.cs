namespace CommsHub.Dcc.Storage;

/// <summary>
/// The database was upgraded by a newer adapter: its schema step is beyond the newest this adapter knows, so this adapter
/// refuses to run on it (nothing was changed). An <see cref="InvalidOperationException"/>, so a host that reports
/// start-up failures in one line reports this one too.
/// </summary>
public sealed class StoreSchemaTooNewException : InvalidOperationException
{
    /// <summary>Creates the exception for a <paramref name="database"/> ("SQLite", "PostgreSQL") at <paramref name="found"/>.</summary>
    public StoreSchemaTooNewException(string database, int found, int known)
        : base($"the {database} database is at schema step {found}, newer than this adapter's {known}: it was upgraded by a newer "
            + "adapter version; run that version (or newer) on it. Nothing was changed.")
    {
        Database = database;
        Found = found;
        Known = known;
    }

    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public string Database { get; }

    /// <summary>The database's schema step.</summary>
    public int Found { get; }

    /// <summary>The newest step this adapter knows.</summary>
    public int Known { get; }
}

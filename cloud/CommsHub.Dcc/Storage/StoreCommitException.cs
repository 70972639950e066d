namespace CommsHub.Dcc.Storage;

/// <summary>
/// A unit of work was not committed because the transaction it shared with other units of work (a SQLite group commit)
/// failed. Nothing the unit wrote was kept; the caller may try again. <see cref="Exception.InnerException"/> is the
/// database's error.
/// </summary>
public sealed class StoreCommitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreCommitException(string message, Exception? inner) : base(message, inner) { }
}

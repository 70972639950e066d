namespace CommsHub.Dcc.Storage;

/// <summary>Tells a store that could not do its work (the caller may try again: 503) from a bug (500).</summary>
public static class StoreFailure
{
    /// <summary>
    /// True for what the store throws when it cannot record or read: the database's own errors, a failed group commit,
    /// the writer queue's timeout, a database upgraded beyond this code's schema while it ran (another instance, of the
    /// newer version, takes the request sent again). Anything else is a bug.
    /// </summary>
    /// <param name="error">What was thrown.</param>
    public static bool Is(Exception error) =>
        error is System.Data.Common.DbException or StoreCommitException or TimeoutException or StoreSchemaTooNewException;
}

using Microsoft.Extensions.Logging;

namespace CommsHub.Dcc.Storage.Sql;

/// <summary>
/// What a store says while it waits at start for another instance's schema migration: without it an instance whose
/// start hangs behind a long step (a table rebuild) looks stuck, and the operator cannot tell which process to look at.
/// </summary>
internal static partial class StoreStartLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Database} schema migration: waiting for the migration lock, held by {Holder} (another adapter instance applying a schema step); this instance starts once it has finished")]
    public static partial void Waiting(ILogger logger, string database, string holder);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Database} schema migration: got the migration lock after {Seconds:0.0} s of waiting; going on")]
    public static partial void GoingOn(ILogger logger, string database, double seconds);
}

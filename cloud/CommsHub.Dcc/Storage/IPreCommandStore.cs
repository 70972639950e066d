using CommsHub.Dcc.Pipeline;

namespace CommsHub.Dcc.Storage;

/// <summary>
/// The store's pre-command ledger (table <c>pre_commands</c>): an <see cref="IPreCommandLedger"/> that outlives the
/// process, so it also needs housekeeping. A CV4 whose CV5 never comes leaves a row behind; without
/// <see cref="PurgeExpired"/> the table would grow by one row per such CV4 for ever.
/// </summary>
public interface IPreCommandStore : IPreCommandLedger
{
    /// <summary>
    /// Deletes up to <paramref name="limit"/> pre-commands that have expired at <paramref name="now"/> (expiry at or
    /// before it: exactly those <see cref="IPreCommandLedger.Find"/> no longer returns), oldest expiry first. Unexpired
    /// ones are never touched. A pre-command deleted here is gone for <see cref="IPreCommandLedger.Remove"/> too, so a
    /// CV5 racing the purge is refused; one that a CV5 took first is not counted. Returns how many this call deleted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    int PurgeExpired(DateTimeOffset now, int limit);
}

using System.Collections.Concurrent;

namespace CommsHub.Dcc.Pipeline;

/// <summary>An issued CV4 pre-command, awaiting the user's signature.</summary>
/// <param name="User">The user it was issued to.</param>
/// <param name="Device">Business Target.</param>
/// <param name="OriginatorCounter">Its GBCS originator counter (the CV4 RequestID counter).</param>
/// <param name="Srv">Service Reference Variant of the CV4 request.</param>
/// <param name="PreCommand">The DF bytes returned to the user.</param>
/// <param name="ExpiresAt">After this the signed pre-command is refused.</param>
public sealed record IssuedPreCommand(ulong User, ulong Device, ulong OriginatorCounter, string Srv, byte[] PreCommand, DateTimeOffset ExpiresAt);

/// <summary>Issued pre-commands, so a CV5-7 signed pre-command can be checked against exactly what was issued.</summary>
public interface IPreCommandLedger
{
    /// <summary>Records an issued pre-command.</summary>
    void Record(IssuedPreCommand issued);

    /// <summary>The pre-command issued for that device and counter, or null (unknown or expired).</summary>
    IssuedPreCommand? Find(ulong device, ulong originatorCounter, DateTimeOffset now);

    /// <summary>
    /// Forgets it once the signed command has been accepted (a second CV5 for it is then refused). False when it was not
    /// there (already taken, by this or another instance): the caller must then refuse the CV5.
    /// </summary>
    bool Remove(ulong device, ulong originatorCounter);
}

/// <summary>
/// Process-local <see cref="IPreCommandLedger"/>, for tests: a CV5 must reach the instance that answered the CV4, and a
/// restart forgets issued pre-commands. The processor's default is the store's ledger (<see cref="Storage.IDccStore.PreCommands"/>,
/// table <c>pre_commands</c>), which any instance sharing the database sees and which survives restarts.
/// </summary>
public sealed class InMemoryPreCommandLedger : IPreCommandLedger
{
    private readonly ConcurrentDictionary<(ulong, ulong), IssuedPreCommand> _issued = new();

    /// <inheritdoc />
    public void Record(IssuedPreCommand issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        _issued[(issued.Device, issued.OriginatorCounter)] = issued;
    }

    /// <inheritdoc />
    public IssuedPreCommand? Find(ulong device, ulong originatorCounter, DateTimeOffset now) =>
        _issued.TryGetValue((device, originatorCounter), out var p) && p.ExpiresAt > now ? p : null;

    /// <inheritdoc />
    public bool Remove(ulong device, ulong originatorCounter) => _issued.TryRemove((device, originatorCounter), out _);
}

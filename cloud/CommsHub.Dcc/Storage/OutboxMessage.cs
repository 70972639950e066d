using CommsHub.Dcc.Dispatch;

namespace CommsHub.Dcc.Storage;

/// <summary>
/// One signed DUIS document (a response's outcome or a DeviceAlertMessage) kept for its user until the user's side has
/// taken it (<see cref="IUserOutboxStore"/>).
/// </summary>
/// <param name="UserEui">The DCC User it goes to.</param>
/// <param name="Kind">Response or alert.</param>
/// <param name="Key">The delivery key (RequestID for a response; device:recipient:counter for an alert); unique per kind.</param>
/// <param name="Xml">The signed document, byte for byte as first delivered: every re-send is identical.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
/// <param name="NextAttemptAt">When it is next due for (re)delivery (UTC); a claim moves it forward.</param>
/// <param name="Attempts">Delivery attempts so far (including the claim that returned it).</param>
public sealed record OutboxMessage(
    ulong UserEui,
    DuisMessageKind Kind,
    string Key,
    byte[] Xml,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    int Attempts)
{
    /// <summary>The message as the delivery channels take it.</summary>
    public DuisDelivery ToDelivery() => new(UserEui, Kind, Key, Xml);
}

/// <summary>What one user has waiting in the outbox.</summary>
/// <param name="UserEui">The user.</param>
/// <param name="Count">Messages not yet taken.</param>
/// <param name="OldestCreatedAt">When the oldest of them was stored.</param>
/// <param name="MaxAttempts">The most delivery attempts any of them has had.</param>
public sealed record OutboxBacklog(ulong UserEui, int Count, DateTimeOffset OldestCreatedAt, int MaxAttempts);

namespace CommsHub.Dcc.Dispatch;

/// <summary>What an asynchronous DUIS message is.</summary>
public enum DuisMessageKind
{
    /// <summary>A Service Response (I0 with GBCSPayload, or E20/E21).</summary>
    Response,
    /// <summary>A DeviceAlertMessage.</summary>
    DeviceAlert,
}

/// <summary>One signed DUIS document for one user.</summary>
/// <param name="UserEui">The DCC User it goes to.</param>
/// <param name="Kind">Response or alert.</param>
/// <param name="Key">Idempotency key (RequestID for responses, device:recipient:counter for alerts): a receiver that
/// sees the same key twice has seen the same message twice.</param>
/// <param name="Xml">The signed document, UTF-8, exactly as signed.</param>
public sealed record DuisDelivery(ulong UserEui, DuisMessageKind Kind, string Key, byte[] Xml);

/// <summary>What a delivery channel did with one message.</summary>
public enum DeliveryReceipt
{
    /// <summary>The user has no such channel (no callback URL configured): nothing was sent.</summary>
    NoChannel,
    /// <summary>Handed on, not yet confirmed: an MQTT publish, whose PUBACK from the user's client is reported later
    /// (<see cref="UserOutbox.Acknowledged"/>).</summary>
    Sent,
    /// <summary>The user's side confirmed it has the message (its callback answered 2xx): it need not be sent again.</summary>
    Taken,
}

/// <summary>
/// Delivers asynchronous DUIS messages to users (DESIGN.md, Contracts: HTTP callback and <c>dcc/users/{EUI}/responses</c>).
/// Throws when a configured channel failed; the message stays in the <see cref="UserOutbox"/> and is tried again.
/// </summary>
public interface IUserDelivery
{
    /// <summary>Delivers one message on every channel the user has, and says whether the user's side has confirmed it.</summary>
    Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default);
}

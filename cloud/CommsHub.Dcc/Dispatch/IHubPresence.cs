namespace CommsHub.Dcc.Dispatch;

/// <summary>Whether a Communications Hub is connected, as far as this adapter instance knows.</summary>
public interface IHubPresence
{
    /// <summary>
    /// True when the hub is online, or, with an external broker, never heard of (the broker keeps its persistent session
    /// and queues). False when it is known to be offline, or still awaited (<see cref="AwaitedFor"/>).
    /// </summary>
    bool IsOnline(ulong hub);

    /// <summary>
    /// How much longer a hub not seen online since start-up is waited for (<see cref="HubPresence"/>'s start-up grace):
    /// its requests are held, neither published nor answered E20, meanwhile. Zero for a hub that has been seen (online or
    /// offline), once the grace is over, and where there is no grace (an external broker).
    /// </summary>
    TimeSpan AwaitedFor(ulong hub);

    /// <summary>
    /// When this instance last saw <paramref name="hub"/> go from offline (or awaited) to online;
    /// <see cref="DateTimeOffset.MinValue"/> for a hub online since before that, as far as it knows (one never heard of
    /// that counts as online, or one online since before this instance started). The sweeper tells by it whether a Pending
    /// request was accepted while its hub was online (the accepting instance is publishing it) or held for the hub.
    /// </summary>
    DateTimeOffset OnlineSince(ulong hub);
}

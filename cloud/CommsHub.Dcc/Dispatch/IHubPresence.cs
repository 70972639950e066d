namespace CommsHub.Dcc.Dispatch;

/// <summary>Whether a Communications Hub is connected, as far as this adapter instance knows.</summary>
public interface IHubPresence
{
    /// <summary>True unless the hub is known to be offline (a hub never heard of counts as online: the broker queues).</summary>
    bool IsOnline(ulong hub);
}

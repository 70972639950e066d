namespace CommsHub.Firmware.Host.Runtime;

/// <summary>
/// Runs work on a hub's own loop thread. The portable engine is single-threaded by contract, so everything that
/// touches it (WAN frames, radio traffic, timers) is posted here rather than run on the caller's thread.
/// </summary>
public interface IHubScheduler
{
    /// <summary>Queues <paramref name="work"/>; false once the loop has stopped.</summary>
    bool Post(Action work);
}

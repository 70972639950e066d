namespace CommsHub.Firmware.Host.Runtime;

/// <summary>
/// Runs work serialised with the rest of a hub's work (by its loop thread, or by the thread running the hub's work at
/// the time). The portable engine is single-threaded by contract, so everything that touches it (WAN frames, radio
/// traffic, timers) is posted here; posted work never runs inside the caller's call.
/// </summary>
public interface IHubScheduler
{
    /// <summary>Queues <paramref name="work"/>; false once the loop has stopped.</summary>
    bool Post(Action work);
}

namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>What an <see cref="EzspSession"/> tells its owner. Called with the session's lock held; readers are valid only during the call.</summary>
    public interface IEzspListener
    {
        /// <summary>Version negotiation finished: commands may be sent (again, after an NCP reset).</summary>
        void OnReady(int protocolVersion);

        /// <summary>The response to the command with <paramref name="frameId"/>; the reader is at its parameters.</summary>
        void OnResponse(int frameId, EzspReader parameters);

        /// <summary>An asynchronous callback; the reader is at its parameters.</summary>
        void OnCallback(int frameId, EzspReader parameters);

        /// <summary>The session is down (link failure, unsupported NCP, bad frame, no response); <see cref="EzspSession.Start"/> again to recover.</summary>
        void OnFailed(string reason);
    }
}

namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>What an <see cref="AshConnection"/> tells the layer above it (EZSP). Called with the connection's lock held.</summary>
    public interface IAshListener
    {
        /// <summary>An in-sequence DATA frame arrived; <paramref name="data"/> is de-randomised and only valid during the call.</summary>
        void OnData(byte[] data, int offset, int count);

        /// <summary>The NCP answered RSTACK: the link is up with frame numbers at 0 (also when the NCP reset by itself).</summary>
        void OnConnected(int resetCode);

        /// <summary>The link failed (ERROR frame, RSTACK never came, or ACKs stopped); frames in flight are lost.</summary>
        void OnFailed(AshFailure failure, int code);
    }
}

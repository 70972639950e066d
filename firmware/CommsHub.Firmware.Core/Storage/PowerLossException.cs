namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// Thrown by a simulated store when the power is cut: by the interrupted call, and by every later call until
    /// the store is restarted. Code under test must never catch it as a recoverable error.
    /// </summary>
    public sealed class PowerLossException : BlockStoreException
    {
        /// <summary>Creates the error.</summary>
        public PowerLossException(string message)
            : base(BlockStoreError.PowerLost, message)
        {
        }
    }
}

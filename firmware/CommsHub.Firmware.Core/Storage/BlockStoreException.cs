using System;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>The typed failure of an <see cref="IBlockStore"/> call.</summary>
    public class BlockStoreException : Exception
    {
        /// <summary>Creates the error.</summary>
        public BlockStoreException(BlockStoreError error, string message)
            : base(message)
        {
            Error = error;
        }

        /// <summary>What went wrong.</summary>
        public BlockStoreError Error { get; private set; }
    }
}

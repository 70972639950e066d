namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>Why a block-store call failed.</summary>
    public enum BlockStoreError
    {
        /// <summary>Address, sector or buffer range outside the store.</summary>
        OutOfRange = 1,
        /// <summary>Programming would need a 0 -> 1 bit transition: the target was not erased.</summary>
        NotErased = 2,
        /// <summary>Power was lost; nothing works until the store is restarted.</summary>
        PowerLost = 3,
    }
}

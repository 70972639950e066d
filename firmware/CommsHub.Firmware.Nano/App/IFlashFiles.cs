namespace CommsHub.Firmware.Nano.App
{
    /// <summary>Opens (creating when absent) one file of the internal drive as an <see cref="IRandomAccessFile"/>.</summary>
    public interface IFlashFiles
    {
        /// <summary>Opens <paramref name="name"/> (a bare file name) in the hub's flash folder.</summary>
        IRandomAccessFile Open(string name);

        /// <summary>Deletes every partition file (factory reset). The next boot formats them erased.</summary>
        void DeleteAll(string[] names);
    }
}

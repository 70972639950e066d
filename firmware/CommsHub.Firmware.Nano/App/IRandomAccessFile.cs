namespace CommsHub.Firmware.Nano.App
{
    /// <summary>
    /// A fixed-length file read and written at absolute offsets: the only thing <see cref="NorFileBlockStore"/> needs
    /// from a file system. The board implements it over System.IO.FileSystem's <c>FileStream</c> (a package the Linux
    /// gate cannot reference); tests implement it over memory.
    /// </summary>
    public interface IRandomAccessFile
    {
        /// <summary>Current length in bytes.</summary>
        long Length { get; }

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns how many were read (0 at the end).</summary>
        int Read(long position, byte[] buffer, int offset, int count);

        /// <summary>Writes <paramref name="count"/> bytes at <paramref name="position"/>, growing the file if needed.</summary>
        void Write(long position, byte[] data, int offset, int count);

        /// <summary>Pushes written bytes to the medium (LittleFS commits on flush/close).</summary>
        void Flush();
    }
}

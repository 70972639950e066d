using System.IO;
using CommsHub.Firmware.Nano.App;

namespace CommsHub.Firmware.Nano.Board
{
    /// <summary>
    /// <see cref="IFlashFiles"/> on the internal drive (System.IO.FileSystem; <c>I:</c> is internal flash: LittleFS
    /// "config" partition on ESP32, the target's internal storage on STM32).
    /// </summary>
    public sealed class FlashDriveFiles : IFlashFiles
    {
        private readonly string _folder;

        /// <summary>Uses (and creates) <paramref name="folder"/>, e.g. <c>I:\commshub</c>.</summary>
        public FlashDriveFiles(string folder)
        {
            _folder = folder;
            if (!Directory.Exists(folder)) Directory.CreateDirectory(folder);
        }

        /// <inheritdoc />
        public IRandomAccessFile Open(string name)
        {
            return new FileStreamFile(new FileStream(Path.Combine(_folder, name), FileMode.OpenOrCreate, FileAccess.ReadWrite));
        }

        /// <inheritdoc />
        public void DeleteAll(string[] names)
        {
            for (int i = 0; i < names.Length; i++)
            {
                string path = Path.Combine(_folder, names[i]);
                if (File.Exists(path)) File.Delete(path);
            }
        }

        private sealed class FileStreamFile : IRandomAccessFile
        {
            private readonly FileStream _stream;

            public FileStreamFile(FileStream stream) { _stream = stream; }

            public long Length { get { return _stream.Length; } }

            public int Read(long position, byte[] buffer, int offset, int count)
            {
                _stream.Seek(position, SeekOrigin.Begin);
                return _stream.Read(buffer, offset, count);
            }

            public void Write(long position, byte[] data, int offset, int count)
            {
                _stream.Seek(position, SeekOrigin.Begin);
                _stream.Write(data, offset, count);
            }

            public void Flush() { _stream.Flush(); }
        }
    }
}

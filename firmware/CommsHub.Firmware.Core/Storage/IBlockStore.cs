using System;

namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>
    /// A NOR-flash-like store: fixed-size sectors that are erased to 0xFF as a whole and programmed by clearing
    /// bits (1 -> 0) only. Persistence code is written against this contract so that it is correct on real flash,
    /// where a byte cannot be rewritten without erasing its sector and an erase is the unit of wear.
    /// </summary>
    public interface IBlockStore
    {
        /// <summary>Bytes per sector (the erase unit).</summary>
        int SectorSize { get; }

        /// <summary>Number of sectors; addresses run from 0 to SectorSize * SectorCount - 1.</summary>
        int SectorCount { get; }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="address"/> into <paramref name="buffer"/>.</summary>
        /// <exception cref="BlockStoreException">range outside the store, or power lost.</exception>
        void Read(int address, byte[] buffer, int offset, int count);

        /// <summary>
        /// Programs <paramref name="count"/> bytes at <paramref name="address"/>. Each stored byte becomes
        /// <c>old AND new</c>; a byte whose new value needs a 0 -> 1 transition fails the whole call before anything
        /// is written (<see cref="BlockStoreError.NotErased"/>).
        /// </summary>
        /// <exception cref="BlockStoreException">range, not-erased bits, or power lost (<see cref="PowerLossException"/>).</exception>
        void Program(int address, byte[] data, int offset, int count);

        /// <summary>Sets every byte of <paramref name="sector"/> to 0xFF.</summary>
        /// <exception cref="BlockStoreException">sector outside the store, or power lost.</exception>
        void Erase(int sector);

        /// <summary>How many times <paramref name="sector"/> has been erased (the wear figure flash endurance is quoted in).</summary>
        int GetEraseCount(int sector);

        /// <summary>Number of successful and interrupted Program calls so far.</summary>
        long ProgramCount { get; }

        /// <summary>Number of bytes programmed so far (torn bytes included).</summary>
        long BytesProgrammed { get; }

        /// <summary>Number of erases so far, all sectors.</summary>
        long TotalErases { get; }
    }
}

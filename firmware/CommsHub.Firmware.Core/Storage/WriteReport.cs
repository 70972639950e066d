namespace CommsHub.Firmware.Core.Storage
{
    /// <summary>What one append cost the flash: the figures behind "writes per operation".</summary>
    public struct WriteReport
    {
        /// <summary>Bytes programmed (header, body, CRC and commit marker).</summary>
        public int BytesProgrammed;

        /// <summary>Program calls issued.</summary>
        public int ProgramCalls;

        /// <summary>Sector erases issued (0 unless the append moved to a fresh sector).</summary>
        public int Erases;

        /// <summary>True when the record went into a fresh sector (compaction).</summary>
        public bool Relocated;
    }
}

namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// The EZSP frame header (UG100 §3 "Protocol Format"). Legacy (before version 8, and the first version
    /// command always): sequence, frame control (1 byte), frame ID (1 byte). Extended (version 8+): sequence, frame
    /// control low, frame control high (bits 1..0 = frame format version 1), frame ID (2 bytes, low first).
    /// <para>
    /// Frame control low, responses: bit 7 response, bits 4..3 callback type (01 synchronous, 10 asynchronous),
    /// bit 1 truncated, bit 0 overflow. Commands from the host send 0x00 (network 0, no sleep).
    /// </para>
    /// </summary>
    public sealed class EzspFrameHeader
    {
        /// <summary>Frame format version carried in the extended header's high control byte.</summary>
        public const int FrameFormatVersion = 1;

        /// <summary>Extended header length.</summary>
        public const int ExtendedLength = 5;

        /// <summary>Legacy header length.</summary>
        public const int LegacyLength = 3;

        /// <summary>The sequence number (a response repeats its command's).</summary>
        public int Sequence { get; private set; }

        /// <summary>The low frame-control byte.</summary>
        public int ControlLow { get; private set; }

        /// <summary>The frame ID.</summary>
        public int FrameId { get; private set; }

        /// <summary>Sent by the NCP (responses and callbacks).</summary>
        public bool IsResponse { get { return (ControlLow & 0x80) != 0; } }

        /// <summary>A callback rather than the answer to a command.</summary>
        public bool IsCallback { get { return ((ControlLow >> 3) & 3) != 0; } }

        /// <summary>The NCP cut the response short (no room).</summary>
        public bool Truncated { get { return (ControlLow & 0x02) != 0; } }

        /// <summary>The NCP ran out of memory since the last response (callbacks may be lost).</summary>
        public bool Overflow { get { return (ControlLow & 0x01) != 0; } }

        /// <summary>Writes a command header.</summary>
        public static void WriteCommand(EzspWriter writer, int sequence, int frameId, bool legacy)
        {
            writer.U8(sequence);
            writer.U8(0x00);
            if (legacy)
            {
                writer.U8(frameId);
            }
            else
            {
                writer.U8(FrameFormatVersion);
                writer.U16(frameId);
            }
        }

        /// <summary>Writes a response header (the simulated NCP uses this; the host only reads them).</summary>
        public static void WriteResponse(EzspWriter writer, int sequence, int frameId, bool legacy, bool asyncCallback)
        {
            writer.U8(sequence);
            writer.U8(asyncCallback ? 0x90 : 0x80);
            if (legacy)
            {
                writer.U8(frameId);
            }
            else
            {
                writer.U8(FrameFormatVersion);
                writer.U16(frameId);
            }
        }

        /// <summary>Reads a header; the reader is left at the parameters.</summary>
        /// <exception cref="EzspFormatException">too short, or an extended header of another frame format version.</exception>
        public void Read(EzspReader reader, bool legacy)
        {
            Sequence = reader.U8();
            ControlLow = reader.U8();
            if (legacy)
            {
                FrameId = reader.U8();
                return;
            }
            int high = reader.U8();
            if ((high & 0x03) != FrameFormatVersion) throw new EzspFormatException("EZSP frame format version " + (high & 0x03) + " is not 1");
            FrameId = reader.U16();
        }
    }
}

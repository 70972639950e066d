using System;
using System.Collections;
using CommsHub.Firmware.Core.Wan;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>An uplink that keeps a copy of every frame the engine sends, for the engine checks to inspect.</summary>
    public sealed class CapturingUplink : IUplink
    {
        private readonly ArrayList _frames = new ArrayList();

        /// <summary>Frames sent so far.</summary>
        public int Count { get { return _frames.Count; } }

        /// <summary>Frame <paramref name="index"/> (a copy owned by this uplink).</summary>
        public byte[] Get(int index) { return (byte[])_frames[index]; }

        /// <summary>Forgets every frame.</summary>
        public void Clear() { _frames.Clear(); }

        /// <inheritdoc />
        public int RoomFor(int frameLength) { return int.MaxValue; }

        /// <inheritdoc />
        public bool Send(byte[] frame, int offset, int count)
        {
            // The engine reuses its output buffer, so the frame must be copied now.
            byte[] copy = new byte[count];
            Array.Copy(frame, offset, copy, 0, count);
            _frames.Add(copy);
            return true;
        }
    }
}

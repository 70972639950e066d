namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>
    /// Byte-in frame decoder (UG101 §4): collects bytes up to a Flag, removes stuffing, drops the frame in progress on
    /// Cancel, marks it bad on Substitute and ignores XON/XOFF. Allocates nothing per byte or per frame: the completed
    /// frame is <see cref="Frame"/>, overwritten by the next.
    /// </summary>
    public sealed class AshFrameReader
    {
        // control + 128 data + CRC, plus slack so an over-long frame is seen as such rather than silently cut.
        private const int BodyCapacity = 1 + AshFrame.MaxDataLength + 2 + 8;

        private readonly byte[] _body = new byte[BodyCapacity];
        private readonly AshFrame _frame = new AshFrame();
        private int _length;
        private bool _escaped;
        private bool _corrupt;
        private bool _overflow;

        /// <summary>The frame the last <see cref="Push"/> that returned true completed.</summary>
        public AshFrame Frame { get { return _frame; } }

        /// <summary>Feeds one byte; true when it ended a frame (valid or not), now in <see cref="Frame"/>.</summary>
        public bool Push(byte value)
        {
            switch (value)
            {
                case AshReservedByte.Flag:
                    return Finish();
                case AshReservedByte.Cancel:
                    Clear();
                    return false;
                case AshReservedByte.Substitute:
                    _corrupt = true;
                    return false;
                case AshReservedByte.Xon:
                case AshReservedByte.Xoff:
                    return false;
                case AshReservedByte.Escape:
                    _escaped = true;
                    return false;
            }
            if (_escaped)
            {
                value ^= AshReservedByte.StuffBit;
                _escaped = false;
            }
            if (_length == BodyCapacity) _overflow = true;
            else _body[_length++] = value;
            return false;
        }

        private bool Finish()
        {
            if (_length == 0 && !_corrupt && !_overflow)
            {
                // Back-to-back flags (or a flag after Cancel) delimit nothing.
                _escaped = false;
                return false;
            }
            if (_overflow) _frame.SetInvalid("frame longer than ASH allows", _body[0], false);
            else if (_corrupt) _frame.SetInvalid("a Substitute byte marked the frame as corrupt", _length > 0 ? _body[0] : (byte)0, false);
            else if (_escaped) _frame.SetInvalid("frame ended inside an escape", _body[0], false);
            else _frame.Load(_body, _length);
            Clear();
            return true;
        }

        private void Clear()
        {
            _length = 0;
            _escaped = false;
            _corrupt = false;
            _overflow = false;
        }
    }
}

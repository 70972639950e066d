namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>
    /// One frame read off the wire by <see cref="AshFrameReader"/>: the control byte's fields and the data field
    /// (de-randomised for DATA). The reader reuses one instance, so a consumer copies what it keeps.
    /// </summary>
    public sealed class AshFrame
    {
        /// <summary>Largest data field ASH carries (UG101 §3: DATA holds 3..128 bytes).</summary>
        public const int MaxDataLength = 128;

        private readonly byte[] _data = new byte[MaxDataLength];

        /// <summary>What the control byte says the frame is.</summary>
        public AshFrameType Type { get; private set; }

        /// <summary>The control byte as received.</summary>
        public byte Control { get; private set; }

        /// <summary>False when the frame failed its CRC, was too short or too long, or was hit by a Substitute byte.</summary>
        public bool Valid { get; private set; }

        /// <summary>True when the received CRC matched (false also when the frame was too short to hold one).</summary>
        public bool CrcOk { get; private set; }

        /// <summary>Why the frame is not <see cref="Valid"/> (null when it is).</summary>
        public string Problem { get; private set; }

        /// <summary>The data field: de-randomised for DATA, as sent otherwise. Only the first <see cref="DataLength"/> bytes count.</summary>
        public byte[] Data { get { return _data; } }

        /// <summary>Bytes of <see cref="Data"/> in use.</summary>
        public int DataLength { get; private set; }

        /// <summary>DATA's frame number.</summary>
        public int FrameNumber { get { return AshControl.FrameNumber(Control); } }

        /// <summary>DATA, ACK and NAK's ack number.</summary>
        public int AckNumber { get { return AshControl.AckNumber(Control); } }

        /// <summary>DATA's retransmit flag.</summary>
        public bool Retransmit { get { return Type == AshFrameType.Data && AshControl.Retransmit(Control); } }

        /// <summary>ACK and NAK's not-ready flag.</summary>
        public bool NotReady { get { return (Type == AshFrameType.Ack || Type == AshFrameType.Nak) && AshControl.NotReady(Control); } }

        /// <summary>A copy of the data field.</summary>
        public byte[] CopyData()
        {
            byte[] copy = new byte[DataLength];
            System.Array.Copy(_data, 0, copy, 0, DataLength);
            return copy;
        }

        internal void SetInvalid(string problem, byte control, bool crcOk)
        {
            Control = control;
            Type = AshControl.TypeOf(control);
            Valid = false;
            CrcOk = crcOk;
            Problem = problem;
            DataLength = 0;
        }

        /// <summary>
        /// Fills the frame from an unstuffed body: control byte, data field, CRC (2 bytes, high first).
        /// </summary>
        internal void Load(byte[] body, int length)
        {
            if (length < 3)
            {
                SetInvalid("frame shorter than a control byte and CRC", length > 0 ? body[0] : (byte)0, false);
                return;
            }
            byte control = body[0];
            int dataLength = length - 3;
            int crc = AshCrc.Compute(body, 0, length - 2);
            bool crcOk = ((crc >> 8) & 0xFF) == body[length - 2] && (crc & 0xFF) == body[length - 1];
            AshFrameType type = AshControl.TypeOf(control);
            if (dataLength > MaxDataLength)
            {
                SetInvalid("data field longer than 128 bytes", control, crcOk);
                return;
            }
            System.Array.Copy(body, 1, _data, 0, dataLength);
            if (type == AshFrameType.Data) AshRandomizer.Apply(_data, 0, dataLength);
            Control = control;
            Type = type;
            DataLength = dataLength;
            CrcOk = crcOk;
            Problem = null;
            if (!crcOk) Problem = "CRC mismatch";
            else if (type == AshFrameType.Invalid) Problem = "unknown control byte";
            else if (!LengthFits(type, dataLength)) Problem = "data field length does not fit the frame type";
            Valid = Problem == null;
        }

        private static bool LengthFits(AshFrameType type, int dataLength)
        {
            switch (type)
            {
                case AshFrameType.Data: return dataLength >= 3;
                case AshFrameType.RstAck:
                case AshFrameType.Error: return dataLength == 2;
                default: return dataLength == 0;
            }
        }
    }
}

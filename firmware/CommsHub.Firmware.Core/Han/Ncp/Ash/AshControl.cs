namespace CommsHub.Firmware.Core.Han.Ncp.Ash
{
    /// <summary>
    /// The ASH control byte (UG101 §3): DATA <c>0 fff r aaa</c> (frmNum, reTx, ackNum); ACK <c>100 p n aaa</c> and
    /// NAK <c>101 p n aaa</c> (n = not ready); RST C0, RSTACK C1, ERROR C2.
    /// </summary>
    public static class AshControl
    {
        /// <summary>RST's control byte.</summary>
        public const byte Rst = 0xC0;

        /// <summary>RSTACK's control byte.</summary>
        public const byte RstAck = 0xC1;

        /// <summary>ERROR's control byte.</summary>
        public const byte Error = 0xC2;

        /// <summary>A DATA control byte.</summary>
        public static byte Data(int frameNumber, int ackNumber, bool retransmit)
        {
            return (byte)(((frameNumber & 7) << 4) | (retransmit ? 0x08 : 0) | (ackNumber & 7));
        }

        /// <summary>An ACK control byte.</summary>
        public static byte Ack(int ackNumber, bool notReady)
        {
            return (byte)(0x80 | (notReady ? 0x08 : 0) | (ackNumber & 7));
        }

        /// <summary>A NAK control byte.</summary>
        public static byte Nak(int ackNumber, bool notReady)
        {
            return (byte)(0xA0 | (notReady ? 0x08 : 0) | (ackNumber & 7));
        }

        /// <summary>The frame type a control byte stands for.</summary>
        public static AshFrameType TypeOf(byte control)
        {
            if ((control & 0x80) == 0) return AshFrameType.Data;
            if ((control & 0xE0) == 0x80) return AshFrameType.Ack;
            if ((control & 0xE0) == 0xA0) return AshFrameType.Nak;
            if (control == Rst) return AshFrameType.Rst;
            if (control == RstAck) return AshFrameType.RstAck;
            if (control == Error) return AshFrameType.Error;
            return AshFrameType.Invalid;
        }

        /// <summary>DATA's frame number (0..7).</summary>
        public static int FrameNumber(byte control) { return (control >> 4) & 7; }

        /// <summary>DATA/ACK/NAK's ack number (0..7).</summary>
        public static int AckNumber(byte control) { return control & 7; }

        /// <summary>DATA's retransmit flag.</summary>
        public static bool Retransmit(byte control) { return (control & 0x08) != 0; }

        /// <summary>ACK/NAK's not-ready flag.</summary>
        public static bool NotReady(byte control) { return (control & 0x08) != 0; }
    }
}

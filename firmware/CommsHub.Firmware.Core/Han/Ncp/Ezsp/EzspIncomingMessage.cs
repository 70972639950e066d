namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// incomingMessageHandler (EZSP 8–13): type u8, EmberApsFrame, lastHopLqi u8, lastHopRssi i8, sender u16,
    /// bindingIndex u8, addressIndex u8, messageLength u8, messageContents. The message is a view into the frame.
    /// </summary>
    public sealed class EzspIncomingMessage
    {
        private readonly EzspApsFrame _aps = new EzspApsFrame();

        /// <summary>EmberIncomingMessageType (0 = unicast).</summary>
        public int Type;

        /// <summary>The APS header.</summary>
        public EzspApsFrame Aps { get { return _aps; } }

        /// <summary>Link quality of the last hop.</summary>
        public int LastHopLqi;

        /// <summary>RSSI of the last hop in dBm.</summary>
        public int LastHopRssi;

        /// <summary>Sender's node ID.</summary>
        public int Sender;

        /// <summary>Buffer holding the message.</summary>
        public byte[] Buffer;

        /// <summary>Where the message starts.</summary>
        public int MessageOffset;

        /// <summary>Message length.</summary>
        public int MessageLength;

        /// <summary>Reads the callback's parameters into this instance.</summary>
        /// <exception cref="EzspFormatException">too short for its declared message length.</exception>
        public void Read(EzspReader reader)
        {
            Type = reader.U8();
            _aps.Read(reader);
            LastHopLqi = reader.U8();
            LastHopRssi = (sbyte)(byte)reader.U8();
            Sender = reader.U16();
            reader.Skip(2, "bindingIndex and addressIndex");
            MessageLength = reader.U8();
            Buffer = reader.Buffer;
            MessageOffset = reader.Position;
            reader.Skip(MessageLength, "the message contents");
        }
    }
}

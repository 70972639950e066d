using System;

namespace CommsHub.Firmware.Core.Han.Ncp.Ezsp
{
    /// <summary>
    /// Parameter encoders for the commands the hub sends (the header is <see cref="EzspFrameHeader"/>'s job).
    /// Layouts are those of EZSP protocol versions 8–13 (UG100/UG600).
    /// </summary>
    public static class EzspCommands
    {
        /// <summary>Outgoing message type for sendUnicast: direct to a node ID.</summary>
        public const int OutgoingDirect = 0x00;

        /// <summary>permitJoining's longest finite window; 255 would mean "forever".</summary>
        public const int MaxPermitJoinSeconds = 254;

        /// <summary>version: desiredProtocolVersion u8.</summary>
        public static void Version(EzspWriter writer, int desiredProtocolVersion)
        {
            writer.U8(desiredProtocolVersion);
        }

        /// <summary>networkInit: EmberNetworkInitStruct (bitmask u16; 0 = no options).</summary>
        public static void NetworkInit(EzspWriter writer, int bitmask)
        {
            writer.U16(bitmask);
        }

        /// <summary>formNetwork: EmberNetworkParameters.</summary>
        public static void FormNetwork(EzspWriter writer, EzspNetworkParameters parameters)
        {
            if (parameters == null) throw new ArgumentNullException("parameters");
            parameters.Write(writer);
        }

        /// <summary>permitJoining: duration u8 in seconds, clamped to 0..254 (255 is "for ever" and never sent).</summary>
        public static void PermitJoining(EzspWriter writer, int seconds)
        {
            writer.U8(seconds < 0 ? 0 : seconds > MaxPermitJoinSeconds ? MaxPermitJoinSeconds : seconds);
        }

        /// <summary>setInitialSecurityState: EmberInitialSecurityState.</summary>
        public static void SetInitialSecurityState(EzspWriter writer, EzspInitialSecurityState state)
        {
            if (state == null) throw new ArgumentNullException("state");
            state.Write(writer);
        }

        /// <summary>addTransientLinkKey (EZSP 8–12): partner EUI-64, key[16].</summary>
        public static void AddTransientLinkKey(EzspWriter writer, ulong partner, byte[] key)
        {
            CheckKey(key);
            writer.Eui64(partner);
            writer.Bytes(key, 0, 16);
        }

        /// <summary>importTransientKey (EZSP 13): eui64, plaintext key[16], sl_zb_sec_man_flags_t u8 (0 = none).</summary>
        public static void ImportTransientKey(EzspWriter writer, ulong partner, byte[] key)
        {
            CheckKey(key);
            writer.Eui64(partner);
            writer.Bytes(key, 0, 16);
            writer.U8(0);
        }

        /// <summary>removeDevice: destShort u16, destLong EUI-64, targetLong EUI-64 (the device asked to leave itself).</summary>
        public static void RemoveDevice(EzspWriter writer, int nodeId, ulong device)
        {
            writer.U16(nodeId);
            writer.Eui64(device);
            writer.Eui64(device);
        }

        /// <summary>
        /// sendUnicast: type u8, indexOrDestination u16, EmberApsFrame, messageTag u8, messageLength u8, contents.
        /// </summary>
        /// <exception cref="ArgumentException">a message longer than 255 bytes or a bad range.</exception>
        public static void SendUnicast(EzspWriter writer, int nodeId, EzspApsFrame aps, int messageTag, byte[] message, int offset, int count)
        {
            if (aps == null) throw new ArgumentNullException("aps");
            if (message == null || offset < 0 || count < 0 || offset > message.Length - count) throw new ArgumentException("message range");
            if (count > 255) throw new ArgumentException("an EZSP message holds at most 255 bytes");
            writer.U8(OutgoingDirect);
            writer.U16(nodeId);
            aps.Write(writer);
            writer.U8(messageTag);
            writer.U8(count);
            writer.Bytes(message, offset, count);
        }

        private static void CheckKey(byte[] key)
        {
            if (key == null || key.Length != 16) throw new ArgumentException("a ZigBee link key is 16 bytes");
        }
    }
}

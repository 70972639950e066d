using System;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Firmware.Core.Han
{
    /// <summary>
    /// GBCS over the ZigBee SE Tunnelling cluster (GBCS.md §1.6): <c>01</c> GET; <c>02 RR</c> GET-RESPONSE with RR
    /// remaining messages, then the GBCS message (absent when the mailbox was empty); <c>03</c> PUT, then the GBCS
    /// message. The GBCS message must start with <c>DD</c> (MAC header or GBT) or <c>DF</c> (general-signing).
    /// <para>
    /// A decoded frame is a view over the caller's buffer (no copy), so <see cref="DecodeInto"/> with a reused
    /// instance allocates nothing per frame.
    /// </para>
    /// </summary>
    public sealed class TunnelFrame
    {
        /// <summary>Most remaining messages a GET-RESPONSE can announce (one byte).</summary>
        public const int MaxRemaining = 0xFF;

        /// <summary>The tunnel command.</summary>
        public TunnelCommand Command { get; private set; }

        /// <summary>GET-RESPONSE only: messages still queued after this one (0 otherwise).</summary>
        public int RemainingMessages { get; private set; }

        /// <summary>The buffer the frame was decoded from.</summary>
        public byte[] Buffer { get; private set; }

        /// <summary>Offset of the GBCS message in <see cref="Buffer"/>.</summary>
        public int MessageOffset { get; private set; }

        /// <summary>Length of the GBCS message (0 for GET, and for a GET-RESPONSE from an empty mailbox).</summary>
        public int MessageLength { get; private set; }

        /// <summary>Decodes a tunnel payload into a new instance.</summary>
        /// <exception cref="GbcsFormatException">see <see cref="DecodeInto"/>.</exception>
        public static TunnelFrame Decode(byte[] buffer, int offset, int count)
        {
            TunnelFrame f = new TunnelFrame();
            DecodeInto(f, buffer, offset, count);
            return f;
        }

        /// <summary>Decodes a tunnel payload into <paramref name="into"/> (a view over <paramref name="buffer"/>).</summary>
        /// <exception cref="ArgumentException">null or out-of-range arguments.</exception>
        /// <exception cref="GbcsFormatException">
        /// empty payload or missing remaining byte (Truncated); unknown command byte or a message not starting with
        /// DD/DF (UnexpectedTag); bytes after a GET (TrailingBytes); an empty GET-RESPONSE announcing remaining
        /// messages (BadField).
        /// </exception>
        public static void DecodeInto(TunnelFrame into, byte[] buffer, int offset, int count)
        {
            if (into == null) throw new ArgumentNullException("into");
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count) throw new ArgumentException("payload range");
            if (count < 1) throw new GbcsFormatException(GbcsErrorCode.Truncated, offset, "empty tunnel payload");
            int remaining = 0;
            int at;
            switch (buffer[offset])
            {
                case (byte)TunnelCommand.Get:
                    if (count != 1) throw new GbcsFormatException(GbcsErrorCode.TrailingBytes, offset + 1, "a tunnel GET carries no message");
                    at = offset + 1;
                    break;
                case (byte)TunnelCommand.GetResponse:
                    if (count < 2) throw new GbcsFormatException(GbcsErrorCode.Truncated, offset + 1, "GET-RESPONSE without its remaining-messages byte");
                    remaining = buffer[offset + 1];
                    at = offset + 2;
                    if (count == 2 && remaining != 0)
                        throw new GbcsFormatException(GbcsErrorCode.BadField, offset + 1, "an empty GET-RESPONSE cannot announce remaining messages");
                    break;
                case (byte)TunnelCommand.Put:
                    if (count < 2) throw new GbcsFormatException(GbcsErrorCode.Truncated, offset + 1, "PUT without a GBCS message");
                    at = offset + 1;
                    break;
                default:
                    throw new GbcsFormatException(GbcsErrorCode.UnexpectedTag, offset, "tunnel command must be 01 GET, 02 GET-RESPONSE or 03 PUT");
            }
            int length = offset + count - at;
            if (length > 0 && buffer[at] != 0xDD && buffer[at] != 0xDF)
                throw new GbcsFormatException(GbcsErrorCode.UnexpectedTag, at, "a tunnelled GBCS message starts with DD or DF");
            into.Command = (TunnelCommand)buffer[offset];
            into.RemainingMessages = remaining;
            into.Buffer = buffer;
            into.MessageOffset = at;
            into.MessageLength = length;
        }

        /// <summary>Bytes a frame takes: the header (1, or 2 for GET-RESPONSE) plus the message.</summary>
        public static int Measure(TunnelCommand command, int messageLength)
        {
            return (command == TunnelCommand.GetResponse ? 2 : 1) + messageLength;
        }

        /// <summary>
        /// Writes a frame into <paramref name="destination"/> and returns its length. <paramref name="remaining"/>
        /// counts for GET-RESPONSE only and is clamped to 0..255; GET takes no message (pass null, 0, 0).
        /// </summary>
        /// <exception cref="ArgumentException">destination too small, a message with GET, or bad ranges.</exception>
        public static int Encode(TunnelCommand command, int remaining, byte[] message, int offset, int count, byte[] destination, int destinationOffset)
        {
            if (count < 0 || (count > 0 && (message == null || offset < 0 || offset > message.Length - count)))
                throw new ArgumentException("message range");
            if (command == TunnelCommand.Get && count != 0) throw new ArgumentException("a GET carries no message");
            if (command == TunnelCommand.Put && count == 0) throw new ArgumentException("a PUT carries a message");
            if (command != TunnelCommand.Get && command != TunnelCommand.GetResponse && command != TunnelCommand.Put)
                throw new ArgumentException("unknown tunnel command");
            int n = Measure(command, count);
            if (destination == null || destinationOffset < 0 || destinationOffset > destination.Length - n)
                throw new ArgumentException("destination too small");
            int at = destinationOffset;
            destination[at++] = (byte)command;
            if (command == TunnelCommand.GetResponse)
            {
                if (count == 0 || remaining < 0) remaining = 0;
                destination[at++] = (byte)(remaining > MaxRemaining ? MaxRemaining : remaining);
            }
            if (count > 0) Array.Copy(message, offset, destination, at, count);
            return n;
        }

        /// <summary>Encodes a frame into a new array (convenience for tests and tools).</summary>
        public static byte[] Encode(TunnelCommand command, int remaining, byte[] message, int offset, int count)
        {
            byte[] b = new byte[Measure(command, count)];
            Encode(command, remaining, message, offset, count, b, 0);
            return b;
        }
    }
}

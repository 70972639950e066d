using System;

namespace CommsHub.Firmware.Core.Han.Ncp
{
    /// <summary>
    /// The ZCL frames of the SE Tunnelling cluster (0x0704) that carry GBCS between the hub and a device. The hub is
    /// the tunnel client (it sends RequestTunnel, GBCS §10.2.2.1 as quoted in SEC-DCC.md §6.1): it sends TransferData
    /// as client→server command 0x02 and receives the device's TransferData as server→client command 0x01 and the
    /// tunnel ID in RequestTunnelResponse (server→client 0x00). ZCL header: frame control, [manufacturer code],
    /// sequence, command; then tunnel ID u16 (low first) and the tunnel payload (<see cref="TunnelFrame"/>).
    /// </summary>
    public sealed class SeTunnelMessage
    {
        /// <summary>Cluster-specific, client→server, default response disabled.</summary>
        public const byte ClientToServerControl = 0x11;

        /// <summary>Client→server TransferData.</summary>
        public const byte TransferDataToServer = 0x02;

        /// <summary>Server→client TransferData.</summary>
        public const byte TransferDataToClient = 0x01;

        /// <summary>Server→client RequestTunnelResponse.</summary>
        public const byte RequestTunnelResponse = 0x00;

        /// <summary>Bytes before the payload in what <see cref="WriteTransferData"/> writes.</summary>
        public const int TransferDataHeaderLength = 5;

        /// <summary>The ZCL command of the decoded frame.</summary>
        public int Command { get; private set; }

        /// <summary>The tunnel ID.</summary>
        public int TunnelId { get; private set; }

        /// <summary>RequestTunnelResponse's status (0 = success).</summary>
        public int Status { get; private set; }

        /// <summary>Where TransferData's payload starts.</summary>
        public int PayloadOffset { get; private set; }

        /// <summary>TransferData's payload length.</summary>
        public int PayloadLength { get; private set; }

        /// <summary>
        /// Writes a hub→device TransferData into <paramref name="output"/> and returns its length.
        /// </summary>
        /// <exception cref="ArgumentException">bad ranges or output too small.</exception>
        public static int WriteTransferData(byte[] output, int zclSequence, int tunnelId, byte[] payload, int offset, int count)
        {
            if (payload == null || offset < 0 || count < 0 || offset > payload.Length - count) throw new ArgumentException("payload range");
            if (output == null || output.Length < TransferDataHeaderLength + count) throw new ArgumentException("output too small for TransferData");
            output[0] = ClientToServerControl;
            output[1] = (byte)zclSequence;
            output[2] = TransferDataToServer;
            output[3] = (byte)tunnelId;
            output[4] = (byte)(tunnelId >> 8);
            Array.Copy(payload, offset, output, TransferDataHeaderLength, count);
            return TransferDataHeaderLength + count;
        }

        /// <summary>
        /// Reads a device→hub frame. False (nothing thrown) for frames the hub does not act on: global (non
        /// cluster-specific) commands, client→server commands and other server commands.
        /// </summary>
        /// <exception cref="Ezsp.EzspFormatException">a TransferData or RequestTunnelResponse too short for its fields.</exception>
        public bool TryRead(byte[] buffer, int offset, int count)
        {
            int at = offset;
            int end = offset + count;
            if (count < 3) return false;
            int control = buffer[at++];
            if ((control & 0x03) != 0x01 || (control & 0x08) == 0) return false; // not cluster-specific server→client
            if ((control & 0x04) != 0) at += 2;                                 // manufacturer code
            if (end - at < 2) return false;
            at++;                                                               // ZCL sequence
            Command = buffer[at++];
            if (Command != TransferDataToClient && Command != RequestTunnelResponse) return false;
            if (end - at < 2) throw new Ezsp.EzspFormatException("tunnel frame ends before its tunnel ID");
            TunnelId = buffer[at] | (buffer[at + 1] << 8);
            at += 2;
            if (Command == RequestTunnelResponse)
            {
                if (end - at < 1) throw new Ezsp.EzspFormatException("RequestTunnelResponse ends before its status");
                Status = buffer[at];
                PayloadOffset = at;
                PayloadLength = 0;
                return true;
            }
            Status = 0;
            PayloadOffset = at;
            PayloadLength = end - at;
            return true;
        }
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CommsHub.Firmware.Core.Wan;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Wan;

namespace CommsHub.Cli.Bench;

/// <summary>
/// An idle hub for <c>commshub bench --idle-hubs</c>: one TCP connection speaking just enough MQTT 3.1.1 to do what a
/// connected hub does at rest — CONNECT with its offline status as the retained last will, SUBSCRIBE to its own
/// <c>down</c> topic (QoS 1) and PUBLISH its online status retained (QoS 1) — and then hold the connection. A socket
/// and nothing else per hub (no MQTT client object, no task), so that 19,000 of them fit in one process beside the
/// measuring. Keep-alive is 0 (the broker never expects a PINGREQ), which is the one difference from a real hub at rest.
/// </summary>
internal sealed class IdleHubClient : IDisposable
{
    private const int ReplyBytes = 4 + 5 + 4; // CONNACK, SUBACK (one filter), PUBACK
    private readonly Socket _socket;

    private IdleHubClient(Socket socket) => _socket = socket;

    /// <summary>The status document the idle hub publishes (the firmware's own format).</summary>
    public static string OnlineStatus(ulong hub) => StatusJson.Online(hub, "bench-idle", 0, 0);

    /// <summary>
    /// Connects <paramref name="hub"/> (user name = client id = its EUI), subscribes and publishes its status, and waits for
    /// the three acknowledgements.
    /// </summary>
    /// <exception cref="IOException">the broker refused or dropped the connection, or an acknowledgement said no.</exception>
    /// <exception cref="SocketException">the TCP connection failed.</exception>
    public static async Task<IdleHubClient> ConnectAsync(IPEndPoint broker, ulong hub, string password, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(broker, ct).ConfigureAwait(false);
            // MQTT 3.1.1 lets a client send on before the CONNACK; the broker answers in order.
            await socket.SendAsync(Packets(hub, password), SocketFlags.None, ct).ConfigureAwait(false);
            var reply = new byte[ReplyBytes];
            for (int got = 0; got < reply.Length;)
            {
                int n = await socket.ReceiveAsync(reply.AsMemory(got), SocketFlags.None, ct).ConfigureAwait(false);
                if (n == 0) throw new IOException($"hub {Eui64.ToText(hub)}: the broker closed the connection after {got} of {ReplyBytes} acknowledgement bytes");
                got += n;
            }
            if (reply[0] != 0x20 || reply[3] != 0) throw new IOException($"hub {Eui64.ToText(hub)}: CONNACK return code {reply[3]}");
            if (reply[4] != 0x90 || reply[8] > 1) throw new IOException($"hub {Eui64.ToText(hub)}: SUBSCRIBE to its down topic refused (0x{reply[8]:X2})");
            if (reply[9] != 0x40) throw new IOException($"hub {Eui64.ToText(hub)}: no PUBACK for its status (packet type 0x{reply[9]:X2})");
            return new IdleHubClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True while the broker has not closed the connection (nothing is sent to an idle hub, so readable means closed).</summary>
    public bool Connected
    {
        get
        {
            try
            {
                return !(_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();

    // CONNECT (clean session, will = retained offline status at QoS 1, user name and password), SUBSCRIBE id 1, PUBLISH id 2.
    private static byte[] Packets(ulong hub, string password)
    {
        var name = Eui64.ToText(hub);
        var status = WanTopics.Status(hub);
        var connect = new List<byte>();
        Text(connect, "MQTT");
        connect.Add(4); // protocol level 3.1.1
        connect.Add(0x80 | 0x40 | 0x20 | 0x08 | 0x04 | 0x02); // user name, password, will retain, will QoS 1, will, clean session
        connect.AddRange([0, 0]); // keep-alive 0
        Text(connect, name);
        Text(connect, status);
        Text(connect, StatusJson.Offline(hub));
        Text(connect, name);
        Text(connect, password);

        var subscribe = new List<byte> { 0, 1 };
        Text(subscribe, WanTopics.Down(hub));
        subscribe.Add(1);

        var publish = new List<byte>();
        Text(publish, status);
        publish.AddRange([0, 2]);
        publish.AddRange(Encoding.ASCII.GetBytes(OnlineStatus(hub)));

        var all = new List<byte>();
        Packet(all, 0x10, connect);
        Packet(all, 0x82, subscribe);
        Packet(all, 0x33, publish); // PUBLISH, QoS 1, retain
        return [.. all];
    }

    private static void Text(List<byte> to, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)bytes.Length));
        to.AddRange(length.ToArray());
        to.AddRange(bytes);
    }

    private static void Packet(List<byte> to, byte header, List<byte> body)
    {
        to.Add(header);
        // Remaining length: 7 bits a byte, least significant first, high bit = more follows.
        int length = body.Count;
        do
        {
            byte digit = (byte)(length % 128);
            length /= 128;
            to.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);
        to.AddRange(body);
    }
}

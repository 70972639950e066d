using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Wan;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommsHub.Benchmarks;

/// <summary>
/// <c>broker-sessions</c>: what the embedded broker's hub sessions cost in memory. The real <see cref="EmbeddedBroker"/>
/// (its authentication, topic checks and session keeping) runs in this process with N hub accounts; N hubs connect over
/// loopback as bare sockets (MQTT 3.1.1, clean session false, client id = EUI, SUBSCRIBE to their down topic: a socket
/// per hub and no client object, so the managed heap holds little besides the broker's side), then all drop their
/// connection at once. The managed heap after a full collection is sampled before, with the hubs connected, and once
/// the broker has seen every connection end: with <c>--expiry 0</c> nothing is kept, otherwise every hub's session is
/// (optionally with <c>--queued K</c> commands of 256 bytes waiting in each). Run it once each way and compare.
/// </summary>
internal static class BrokerSessionsBench
{
    private const int ConnectingAtOnce = 32;

    /// <summary>Runs the bench; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        int hubs, expiry, queued;
        try
        {
            var a = new BenchArguments(args, ["--hubs", "--expiry", "--queued"], []);
            (hubs, expiry, queued) = (a.Positive("--hubs", 2000), a.NonNegative("--expiry", 3600), a.NonNegative("--queued", 0));
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"broker-sessions: {ex.Message}");
            Console.Error.WriteLine("usage: broker-sessions [--hubs N (2000)] [--expiry SECONDS (3600; 0: sessions not kept)] [--queued K (0)]");
            return 2;
        }
        return RunAsync(hubs, expiry, queued).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int hubs, int expiry, int queued)
    {
        var dir = Path.Combine(Path.GetTempPath(), "commshub-broker-sessions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var euis = Enumerable.Range(0, hubs).Select(i => 0x00DB000000100000UL + (ulong)i).ToList();
        var credentials = MqttCredentials.LoadOrCreate(Path.Combine(dir, "credentials.json"), euis, []);
        var options = new CommsHubOptions { DataDirectory = dir };
        options.Mqtt.Port = 0;
        options.Mqtt.HubSessionExpirySeconds = expiry;
        var inbox = new MqttInbox();
        using var stop = new CancellationTokenSource();
        // The adapter's side of the inbox: the broker waits for each presence message to be handled.
        var drain = Task.Run(async () =>
        {
            await foreach (var m in inbox.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false)) m.Complete(MQTTnet.Protocol.MqttPubAckReasonCode.Success);
        });
        using var broker = new EmbeddedBroker(Options.Create(options), credentials, BrokerTls.Disabled, inbox, NullLogger<EmbeddedBroker>.Instance);
        await broker.StartAsync(CancellationToken.None);
        try
        {
            var endpoint = new IPEndPoint(IPAddress.Loopback, broker.Port);
            // Warm up (JIT, pools) with one hub that connects and leaves, then forget its session.
            (await ConnectAsync(endpoint, euis[0], credentials)).Dispose();
            await UntilAsync(async () => (await broker.ClientsAsync()).Count == 0);
            long before = Heap();
            var sockets = new Socket[hubs];
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, hubs), new ParallelOptions { MaxDegreeOfParallelism = ConnectingAtOnce },
                async (i, _) => sockets[i] = await ConnectAsync(endpoint, euis[i], credentials));
            Console.WriteLine($"{hubs} hubs connected and subscribed in {clock.Elapsed.TotalSeconds:F1} s");
            long connected = Heap();
            foreach (var s in sockets) s.Dispose();
            await UntilAsync(async () => (await broker.ClientsAsync()).Count == 0);
            var payload = new byte[256];
            for (int k = 0; k < queued; k++)
                foreach (var eui in euis) await broker.PublishAsync(WanTopics.Down(eui), payload);
            var kept = (await broker.SessionsAsync()).Count;
            long gone = Heap();
            Console.WriteLine($"expiry {expiry} s, {queued} queued per session: {kept} sessions kept after the drop");
            Console.WriteLine($"managed heap: before {Mib(before)} MiB; {hubs} connected {Mib(connected)} MiB (+{(connected - before) / hubs:N0} B a hub); "
                + $"all gone {Mib(gone)} MiB (+{(gone - before) / hubs:N0} B a hub); process working set {Mib(Environment.WorkingSet)} MiB");
            return 0;
        }
        finally
        {
            await broker.StopAsync(CancellationToken.None);
            await stop.CancelAsync();
            try { await drain; } catch (OperationCanceledException) { }
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    // MQTT 3.1.1 CONNECT (clean session false, keep-alive 0, user name and password) and SUBSCRIBE to the down topic at
    // QoS 1, sent together; returns once CONNACK and SUBACK have both said yes.
    private static async Task<Socket> ConnectAsync(IPEndPoint broker, ulong hub, MqttCredentials credentials)
    {
        var name = Eui64.ToText(hub);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(broker);
        var connect = Packet(0x10, [0, 4, .. "MQTT"u8, 4, 0xC0, 0, 0, .. Text(name), .. Text(name), .. Text(credentials.SecretOf(name)!)]);
        var subscribe = Packet(0x82, [0, 1, .. Text(WanTopics.Down(hub)), 1]);
        await socket.SendAsync(connect.Concat(subscribe).ToArray(), SocketFlags.None);
        var reply = new byte[4 + 5];
        for (int got = 0; got < reply.Length;)
        {
            int n = await socket.ReceiveAsync(reply.AsMemory(got), SocketFlags.None);
            if (n == 0) throw new IOException($"{name}: the broker closed the connection");
            got += n;
        }
        if (reply[0] != 0x20 || reply[3] != 0 || reply[4] != 0x90 || reply[8] != 1) throw new IOException($"{name}: refused ({Convert.ToHexString(reply)})");
        return socket;
    }

    private static byte[] Text(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [(byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }

    private static byte[] Packet(byte type, byte[] body)
    {
        var length = new List<byte>();
        int left = body.Length;
        do
        {
            byte digit = (byte)(left % 128);
            left /= 128;
            length.Add(left > 0 ? (byte)(digit | 0x80) : digit);
        } while (left > 0);
        return [type, .. length, .. body];
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the broker did not see every connection end");
            await Task.Delay(100);
        }
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}

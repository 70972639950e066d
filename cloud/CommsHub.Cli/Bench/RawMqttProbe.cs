using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.External;
using CommsHub.Firmware.Host.Wan;
using CommsHub.Protocol.Net.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CommsHub.Cli.Bench;

/// <summary>What the raw MQTT measurement found.</summary>
/// <param name="RoundTripsPerSecond">Completed round trips per second.</param>
/// <param name="P50Ms">Median round trip, ms.</param>
/// <param name="P99Ms">99th percentile round trip, ms.</param>
/// <param name="Hubs">Echoing hub clients.</param>
/// <param name="Window">Round trips in flight.</param>
/// <param name="DownBytes">Payload of each request (cloud to hub), bytes.</param>
/// <param name="UpBytes">Payload of each answer (hub to cloud), bytes.</param>
/// <param name="Broker">Which broker was measured.</param>
internal sealed record RawMqttResult(double RoundTripsPerSecond, double P50Ms, double P99Ms, int Hubs, int Window, int DownBytes, int UpBytes, string Broker);

/// <summary>A broker already running for <see cref="RawMqttProbe"/> (Mosquitto with the bench's accounts and ACL).</summary>
/// <param name="Host">Its host.</param>
/// <param name="Port">Its plain port.</param>
/// <param name="HubNames">The hubs' user names (the probe uses their topics, <c>chub/NAME/...</c>, as the hubs would).</param>
/// <param name="HubSecret">The hubs' shared password (the probe's hub sides log in as the hubs, under their own client ids:
/// it runs after the bench's hubs have stopped).</param>
/// <param name="AdapterUser">The cloud side's user name (the adapter's account: it may write every down and read every up
/// through a shared subscription).</param>
/// <param name="AdapterSecret">Its password.</param>
/// <param name="Name">How the report names it.</param>
internal sealed record RawBroker(string Host, int Port, IReadOnlyList<string> HubNames, string HubSecret, string AdapterUser, string AdapterSecret, string Name);

/// <summary>
/// The broker's raw MQTT round-trip rate, the bench's yardstick: an MQTTnet 5 server (the same server and version the
/// adapter embeds) on a free loopback port, <c>hubs</c> clients each echoing <c>chub/{n}/down</c> to <c>chub/{n}/up</c>,
/// and one cloud client keeping <c>window</c> round trips in flight, QoS 1 both ways, picking hubs round-robin (the
/// pattern of spec/MQTT-BASELINE.md). Nothing else happens in between: no DUIS, no GBCS, no store. With a
/// <see cref="RawBroker"/> the same clients go through that broker instead, logged in as the bench's hubs and the adapter.
/// The clients use the same MQTTnet client adapter as the bench's users and virtual hubs
/// (<see cref="BufferedMqttClientAdapterFactory"/>), so the yardstick is not slowed by a client stack the load does not pay.
/// The server runs on the transport the adapter's embedded broker runs (<c>bufferedTransport</c>: CommsHub:Mqtt:BufferedTransport
/// as the bench's environment sets it for the adapter, on by default), so the yardstick measures the broker as the adapter runs it.
/// </summary>
internal static class RawMqttProbe
{
    /// <summary>Runs the measurement for <paramref name="duration"/> after a short warm-up.</summary>
    public static async Task<RawMqttResult> RunAsync(int hubs, int window, int downBytes, int upBytes, TimeSpan duration, CancellationToken ct,
        RawBroker? external, bool bufferedTransport)
    {
        int port = external?.Port ?? FreePort();
        string host = external?.Host ?? "127.0.0.1";
        MqttServer? server = null;
        if (external is null)
        {
            var factory = new MqttServerFactory();
            var options = factory.CreateServerOptionsBuilder().WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port)
                .WithMaxPendingMessagesPerClient(10_000).Build();
            server = bufferedTransport
                ? factory.CreateMqttServer(options, [new BufferedMqttServerAdapter(BufferedMqttChannel.DefaultBlockSize, NullLogger.Instance)])
                : factory.CreateMqttServer(options);
            await server.StartAsync().ConfigureAwait(false);
        }
        string HubName(long h) => external?.HubNames[(int)h] ?? h.ToString(System.Globalization.CultureInfo.InvariantCulture);
        MqttClientOptions Options(string clientId, string? user, string? secret)
        {
            var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(clientId).WithCleanStart();
            if (user is not null) options = options.WithCredentials(user, secret);
            return options.Build();
        }
        var clients = new List<IMqttClient>();
        try
        {
            var upPayload = new byte[Math.Max(upBytes, 8)];
            for (int h = 0; h < hubs; h++)
            {
                var hub = new MqttClientFactory().CreateMqttClient(BufferedMqttClientAdapterFactory.Instance);
                clients.Add(hub);
                string up = $"chub/{HubName(h)}/up";
                hub.ApplicationMessageReceivedAsync += e =>
                {
                    // The answer carries the request's sequence number; sent without awaiting inside the handler, as
                    // the baseline did (MQTTnet hands a client's messages over one at a time).
                    var answer = (byte[])upPayload.Clone();
                    e.ApplicationMessage.Payload.Slice(0, 8).CopyTo(answer);
                    _ = hub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(up).WithPayload(answer)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), CancellationToken.None);
                    return Task.CompletedTask;
                };
                // On the external broker a hub's account may connect only under the hub's own client id (free: the bench's
                // hubs have stopped), and only a hub may read its down and write its up.
                await hub.ConnectAsync(external is null ? Options($"raw-hub-{h}", null, null) : Options(HubName(h), HubName(h), external.HubSecret), ct)
                    .ConfigureAwait(false);
                await hub.SubscribeAsync($"chub/{HubName(h)}/down", MqttQualityOfServiceLevel.AtLeastOnce, ct).ConfigureAwait(false);
            }
            var cloud = new MqttClientFactory().CreateMqttClient(BufferedMqttClientAdapterFactory.Instance);
            clients.Add(cloud);
            var started = new long[1 << 20];
            var latencies = new List<double>();
            long completed = 0, sequence = 0;
            bool measuring = false;
            var slots = new SemaphoreSlim(window, window);
            cloud.ApplicationMessageReceivedAsync += e =>
            {
                long seq = BinaryPrimitives.ReadInt64BigEndian(e.ApplicationMessage.Payload.Slice(0, 8).ToArray());
                long now = Stopwatch.GetTimestamp();
                if (Volatile.Read(ref measuring))
                {
                    Interlocked.Increment(ref completed);
                    lock (latencies) latencies.Add(Stopwatch.GetElapsedTime(started[seq % started.Length], now).TotalMilliseconds);
                }
                slots.Release();
                return Task.CompletedTask;
            };
            await cloud.ConnectAsync(Options("raw-cloud", external?.AdapterUser, external?.AdapterSecret), ct).ConfigureAwait(false);
            // The adapter's account reads up frames only through a shared subscription (one member: every frame comes here).
            var upFilter = external is null ? ExternalBrokerTopics.HubUpFilter : ExternalBrokerTopics.Shared("raw-probe", ExternalBrokerTopics.HubUpFilter);
            var granted = await cloud.SubscribeAsync(upFilter, MqttQualityOfServiceLevel.AtLeastOnce, ct).ConfigureAwait(false);
            if (granted.Items.Any(i => i.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1))
                throw new InvalidOperationException($"the broker refused the raw measurement's subscription {upFilter}");
            var downPayload = new byte[Math.Max(downBytes, 8)];
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var warmUp = TimeSpan.FromSeconds(1);
            var sender = Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                        long seq = sequence++;
                        var payload = (byte[])downPayload.Clone();
                        BinaryPrimitives.WriteInt64BigEndian(payload, seq);
                        started[seq % started.Length] = Stopwatch.GetTimestamp();
                        _ = cloud.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"chub/{HubName(seq % hubs)}/down").WithPayload(payload)
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), CancellationToken.None);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }, CancellationToken.None);
            await Task.Delay(warmUp, ct).ConfigureAwait(false);
            Volatile.Write(ref measuring, true);
            var clock = Stopwatch.StartNew();
            await Task.Delay(duration, ct).ConfigureAwait(false);
            Volatile.Write(ref measuring, false);
            double seconds = clock.Elapsed.TotalSeconds;
            await stop.CancelAsync().ConfigureAwait(false);
            await sender.ConfigureAwait(false);
            double[] sorted;
            lock (latencies) sorted = [.. latencies.Order()];
            return new RawMqttResult(Interlocked.Read(ref completed) / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99),
                hubs, window, downPayload.Length, upPayload.Length, external?.Name ?? "embedded (MQTTnet 5, in the bench process)");
        }
        finally
        {
            foreach (var c in clients)
            {
                try
                {
                    if (c.IsConnected) await c.DisconnectAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
                {
                }
                c.Dispose();
            }
            if (server is not null)
            {
                await server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
                server.Dispose();
            }
        }
    }

    /// <summary>The <paramref name="q"/> quantile of ascending <paramref name="sorted"/> (nearest rank), 0 when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return 0;
        int rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

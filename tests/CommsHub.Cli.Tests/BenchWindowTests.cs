using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CommsHub.Cli.Bench;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Pipeline;
using MQTTnet.Server;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// <c>commshub bench --window N</c>: with <c>--rate max</c> each user has at most N requests without an outcome; the
/// option is checked before anything starts.
/// </summary>
public sealed class BenchWindowTests : IDisposable
{
    private const ulong User = 0x90B3D51F30010000, Meter = 0x00DB1234567890A0;
    private readonly DuisSigner _user = BenchAnswerCheckTests.SelfSigned("CN=bench user"), _dsp = BenchAnswerCheckTests.SelfSigned("CN=bench dsp");
    private readonly DuisSignerDirectory _dspDirectory = new();
    private readonly DuisResponseWriter _writer;

    public BenchWindowTests()
    {
        _dspDirectory.Add(_dsp.Certificate);
        _writer = new DuisResponseWriter(_dsp);
    }

    public void Dispose()
    {
        _user.Dispose();
        _dsp.Dispose();
    }

    [Theory]
    [InlineData("0", "--window must be 1..4096")]
    [InlineData("4097", "--window must be 1..4096")]
    public void A_window_out_of_range_is_a_usage_error(string window, string message)
    {
        var stderr = new StringWriter();
        Assert.Equal(1, CliApp.Run(["bench", "--rate", "max", "--window", window], new StringWriter(), stderr));
        Assert.Contains(message, stderr.ToString());
    }

    [Fact]
    public void A_window_with_an_open_loop_rate_is_a_usage_error()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, CliApp.Run(["bench", "--rate", "100", "--window", "8"], new StringWriter(), stderr));
        Assert.Contains("--window needs --rate max", stderr.ToString());
    }

    [Fact]
    public async Task A_closed_loop_user_waits_for_an_outcome_once_its_window_is_full()
    {
        await using var broker = await InProcessBroker.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var user = await BenchUser.ConnectAsync(User, _user, _dspDirectory, "127.0.0.1", broker.Port, "secret",
            maxOutstanding: 3, waitForAnswer: false, timeout.Token);
        var sent = new List<BenchRequest>();
        for (int i = 0; i < 3; i++)
            sent.Add(await user.SendReadAsync(Meter, Stopwatch.GetTimestamp(), bounded: true, measured: true, timeout.Token));
        Assert.All(sent, r => Assert.Null(r.SendError));

        // The window is full: the fourth waits on the user's semaphore before it is even signed, and only a release ends
        // that wait (no timing involved).
        var fourth = user.SendReadAsync(Meter, Stopwatch.GetTimestamp(), bounded: true, measured: true, timeout.Token);
        Assert.False(fourth.IsCompleted);
        Assert.Equal(3, broker.Requests);

        // An I99 is not an outcome: still no room.
        user.OnAnswer(_writer.SynchronousBytes(Header(sent[1]), "5.4", "I99"));
        Assert.False(fourth.IsCompleted);

        // The second request's I0 gives its slot back.
        user.OnAnswer(_writer.DeviceResponseBytes(RequestId.Parse(sent[1].Id), "4.1", "4.1.1", "I0", new byte[40]));
        var next = await fourth.WaitAsync(timeout.Token);
        Assert.Null(next.SendError);
        Assert.Equal(4, broker.Requests);
        Assert.Equal(3, user.PeakInFlight);
        Assert.Equal(0, user.Unverifiable);
    }

    // Regression: an open-loop request never took a slot, yet its outcome released one of the semaphore made with its count
    // at the maximum, so SemaphoreFullException came out of the answer handler on every outcome.
    [Fact]
    public async Task An_open_loop_outcome_is_counted_without_releasing_a_slot_it_never_took()
    {
        await using var user = new BenchUser(User, _user, _dspDirectory, int.MaxValue / 2, waitForAnswer: false);
        // Not connected: the publish fails, but the request is registered as sent in the run.
        var request = await user.SendReadAsync(Meter, Stopwatch.GetTimestamp(), bounded: false, measured: true, CancellationToken.None);
        Assert.NotNull(request.SendError);

        user.OnAnswer(_writer.DeviceResponseBytes(RequestId.Parse(request.Id), "4.1", "4.1.1", "I0", new byte[40]));

        Assert.Equal(1, request.Outcomes);
        Assert.NotEqual(0, request.Answered);
        Assert.Equal(0, user.PeakInFlight);
    }

    private static DuisHeader Header(BenchRequest request) => new(RequestId.Parse(request.Id), 1, "4.1", "4.1.1", null, null);

    /// <summary>An MQTTnet broker on a free loopback port that acknowledges everything and counts the users' requests.</summary>
    private sealed class InProcessBroker : IAsyncDisposable
    {
        private readonly MqttServer _server;
        private int _requests;

        private InProcessBroker(MqttServer server, int port)
        {
            _server = server;
            Port = port;
        }

        public int Port { get; }

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<InProcessBroker> StartAsync()
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }
            var factory = new MqttServerFactory();
            var server = factory.CreateMqttServer(factory.CreateServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
            var broker = new InProcessBroker(server, port);
            // Counted before the PUBACK goes back, so a completed publish is already counted.
            server.InterceptingPublishAsync += e =>
            {
                if (e.ApplicationMessage.Topic.EndsWith("/requests", StringComparison.Ordinal)) Interlocked.Increment(ref broker._requests);
                return Task.CompletedTask;
            };
            await server.StartAsync();
            return broker;
        }

        public async ValueTask DisposeAsync()
        {
            await _server.StopAsync(new MqttServerStopOptions());
            _server.Dispose();
        }
    }
}

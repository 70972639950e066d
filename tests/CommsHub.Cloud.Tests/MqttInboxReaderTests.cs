using System.Collections.Concurrent;
using CommsHub.Cloud.Adapter;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Pipeline;
using MQTTnet.Protocol;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The inbox reader with stand-in handlers and a stand-in gathering (each handler gathers one item and waits for its round,
/// as a DUIS request waits for its decision): lanes keep arrival order on one thread and on two, every message is
/// completed once, pipelined passes overlap, stopping mid-pass abandons only what was not taken.
/// </summary>
public sealed class MqttInboxReaderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static MqttInboundMessage Message(bool user, ulong eui, int seq) =>
        new(user ? MqttInboundKind.UserRequest : MqttInboundKind.HubUp, eui, "t", BitConverter.GetBytes(seq));

    private static int Seq(MqttInboundMessage message) => BitConverter.ToInt32(message.Payload);

    // Stand-in handlers: each gathers its sequence number and returns once its round has run; records the order per lane.
    private sealed class Rig
    {
        private readonly object _owner = new();
        private readonly ConcurrentDictionary<(bool, ulong), int> _activeInLane = new();
        private int _active;

        private readonly bool _preparing;

        public Rig(int capacity, int threads, int maxPass = 32, int intakeThreads = 1)
        {
            _preparing = intakeThreads > 1;
            Inbox = new MqttInbox(capacity);
            Reader = new MqttInboxReader(
                Inbox, HandleAsync, () => [new Gathering<int, int>(_owner, RoundAsync)], (ex, _) => Failures.Add(ex), maxPass, threads,
                intakeThreads > 1 ? new MqttInboxPreparation(m => m.Kind == MqttInboundKind.UserRequest, PrepareOne, intakeThreads) : null);
        }

        // Called by the order-free stage for each user request (any thread), before it is marked prepared.
        public Action<MqttInboundMessage> OnPrepare { get; set; } = _ => { };

        // The threads the order-free stage ran on.
        public ConcurrentDictionary<int, byte> PrepareThreads { get; } = new();

        // Messages whose handler ran before their order-free stage had (must stay empty).
        public ConcurrentBag<MqttInboundMessage> Unprepared { get; } = [];

        private void PrepareOne(MqttInboundMessage message)
        {
            PrepareThreads.TryAdd(Environment.CurrentManagedThreadId, 0);
            OnPrepare(message);
            message.Prepared = Seq(message);
        }

        public MqttInbox Inbox { get; }
        public MqttInboxReader Reader { get; }
        public ConcurrentBag<Exception> Failures { get; } = [];
        public ConcurrentDictionary<(bool, ulong), ConcurrentQueue<int>> Order { get; } = new();
        public ConcurrentDictionary<MqttInboundMessage, int> Handled { get; } = new();
        public ConcurrentQueue<int[]> Rounds { get; } = new();
        public int MaxActive;
        public bool LaneOverlapped;

        // Called inside a round before its results are set (may wait).
        public Func<int[], Task> BeforeRound { get; set; } = _ => Task.CompletedTask;

        // Called by a handler on the thread that runs its first part, before it gathers.
        public Action<MqttInboundMessage> OnIntake { get; set; } = _ => { };

        // Awaited by a handler after its first part, before it gathers (holds its place in hand without holding the reader).
        public Task Hold { get; set; } = Task.CompletedTask;

        // The round carrying seq waits for the returned release once it has started (waits at most Patience).
        public (Task Started, TaskCompletionSource Release) HoldRoundOf(int seq)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            BeforeRound = async items =>
            {
                if (!items.Contains(seq)) return;
                started.TrySetResult();
                await release.Task.WaitAsync(Patience);
            };
            return (started.Task, release);
        }

        private async Task RoundAsync(int[] items, TaskCompletionSource<int>[] results)
        {
            Rounds.Enqueue(items);
            await BeforeRound(items);
            for (var i = 0; i < items.Length; i++) results[i].TrySetResult(items[i]);
        }

        private async Task<MqttPubAckReasonCode> HandleAsync(MqttInboundMessage message, CancellationToken cancellationToken)
        {
            var lane = message.Lane;
            Order.GetOrAdd(lane, _ => new()).Enqueue(Seq(message));
            if (_preparing && message.Kind == MqttInboundKind.UserRequest && !Equals(message.Prepared, Seq(message))) Unprepared.Add(message);
            if (_activeInLane.AddOrUpdate(lane, 1, (_, n) => n + 1) != 1) LaneOverlapped = true;
            var active = Interlocked.Increment(ref _active);
            InterlockedMax(ref MaxActive, active);
            try
            {
                OnIntake(message);
                await Hold;
                if (Gathering<int, int>.Current(_owner) is { } gathering && gathering.TryAdd(Seq(message), out var decided)) await decided;
                else await Task.Yield();
                Handled.AddOrUpdate(message, 1, (_, n) => n + 1);
                return MqttPubAckReasonCode.Success;
            }
            finally
            {
                Interlocked.Decrement(ref _active);
                _activeInLane.AddOrUpdate(lane, 0, (_, n) => n - 1);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var seen = Volatile.Read(ref target);
            while (value > seen)
            {
                var was = Interlocked.CompareExchange(ref target, value, seen);
                if (was == seen) return;
                seen = was;
            }
        }
    }

    // intakeThreads > 1: with the order-free stage, which only the users' requests have.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(1, 4)]
    public async Task Each_lane_is_handled_in_arrival_order_and_every_message_once(int threads, int intakeThreads)
    {
        const int lanes = 12, perLane = 60, capacity = 8;
        var rig = new Rig(capacity, threads, intakeThreads: intakeThreads);
        var prepared = new ConcurrentDictionary<MqttInboundMessage, int>();
        rig.OnPrepare = m => prepared.AddOrUpdate(m, 1, (_, n) => n + 1);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => rig.Reader.RunAsync(stop.Token));
        var sent = new ConcurrentBag<MqttInboundMessage>();
        // Each lane's writer posts its messages in order, all lanes at once: hubs' frames and users' requests.
        await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
        {
            for (var seq = 0; seq < perLane; seq++)
            {
                var message = Message(lane % 2 == 0, (ulong)lane, seq);
                sent.Add(message);
                await rig.Inbox.PostAsync(message);
            }
        }))).WaitAsync(Patience);
        var outcomes = await Task.WhenAll(sent.Select(m => m.Completion)).WaitAsync(Patience);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        Assert.All(outcomes, o => Assert.Equal(MqttPubAckReasonCode.Success, o));
        Assert.Equal(lanes * perLane, rig.Handled.Count);
        Assert.All(rig.Handled.Values, n => Assert.Equal(1, n));
        Assert.Equal(lanes, rig.Order.Count);
        Assert.All(rig.Order.Values, order => Assert.Equal(Enumerable.Range(0, perLane), order));
        Assert.False(rig.LaneOverlapped);
        Assert.InRange(rig.MaxActive, 1, capacity);
        Assert.Empty(rig.Failures);
        // Gathered: rounds carry several messages (the lanes run side by side).
        Assert.True(rig.Rounds.Count < lanes * perLane, $"{rig.Rounds.Count} rounds for {lanes * perLane} messages");
        // Every user request went through the stage once, before its turn (also one that found the hand full); no hub frame did.
        Assert.Empty(rig.Unprepared);
        Assert.Equal(intakeThreads > 1 ? lanes / 2 * perLane : 0, prepared.Count);
        Assert.All(prepared, p => Assert.True(p.Key.Kind == MqttInboundKind.UserRequest && p.Value == 1));
    }

    // Posts the messages before the reader starts (so that its first pass reads them all), runs it until every one is
    // completed, stops it; their outcomes.
    private static async Task<MqttPubAckReasonCode[]> RunQueuedAsync(Rig rig, params MqttInboundMessage[] messages)
    {
        foreach (var m in messages) await rig.Inbox.PostAsync(m);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => rig.Reader.RunAsync(stop.Token));
        var outcomes = await Task.WhenAll(messages.Select(m => m.Completion)).WaitAsync(Patience);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);
        return outcomes;
    }

    [Fact]
    public async Task The_order_free_stage_of_one_pass_runs_on_several_threads_at_once()
    {
        var rig = new Rig(capacity: 8, threads: 1, intakeThreads: 2);
        // Each request's stage waits until the other's has started: one thread alone would time out.
        using var together = new Barrier(2);
        rig.OnPrepare = _ => Assert.True(together.SignalAndWait(Patience), "the stage did not run on two threads at once");
        var outcomes = await RunQueuedAsync(rig, Message(user: true, 1, 1), Message(user: true, 2, 2));

        Assert.All(outcomes, o => Assert.Equal(MqttPubAckReasonCode.Success, o));
        Assert.Empty(rig.Failures);
        Assert.Equal(2, rig.PrepareThreads.Count);
        Assert.Empty(rig.Unprepared);
        // Prepared apart, still decided together: one round.
        Assert.Equal([1, 2], rig.Rounds.Single().Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_failing_order_free_stage_fails_only_its_own_message_in_its_turn(int threads)
    {
        var rig = new Rig(capacity: 8, threads, intakeThreads: 2);
        rig.OnPrepare = m =>
        {
            if (Seq(m) == 1) throw new InvalidOperationException("stage bug");
        };
        var outcomes = await RunQueuedAsync(rig, [.. Enumerable.Range(0, 3).Select(i => Message(user: true, 7, i)), Message(user: true, 8, 3)]);

        Assert.Equal(
            [MqttPubAckReasonCode.Success, MqttPubAckReasonCode.UnspecifiedError, MqttPubAckReasonCode.Success, MqttPubAckReasonCode.Success],
            outcomes);
        // Its handler never ran; the lane went on after it, in order.
        Assert.Equal([0, 2], rig.Order[(true, 7)]);
        Assert.Equal("stage bug", Assert.Single(rig.Failures).Message);
        Assert.Equal(3, rig.Handled.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Stopping_while_the_order_free_stage_runs_handles_what_was_read_and_reads_nothing_more(int threads)
    {
        var rig = new Rig(capacity: 8, threads, intakeThreads: 2);
        var release = new ManualResetEventSlim();
        // Two threads: two of the three messages read are in the stage at once, the third waits for a thread.
        using var preparing = new CountdownEvent(2);
        rig.OnPrepare = _ =>
        {
            if (!preparing.IsSet) preparing.Signal();
            Assert.True(release.Wait(Patience), "never released");
        };
        var read = Enumerable.Range(0, 3).Select(i => Message(user: true, (ulong)i, i)).ToArray();
        foreach (var m in read) await rig.Inbox.PostAsync(m);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => rig.Reader.RunAsync(stop.Token));
        Assert.True(preparing.Wait(Patience), "the stage did not start");
        // Arrives while the pass prepares: stays queued.
        var late = Message(user: true, 9, 9);
        await rig.Inbox.PostAsync(late);

        await stop.CancelAsync();
        release.Set();
        await running.WaitAsync(Patience);

        Assert.All(read, m => Assert.Equal(MqttPubAckReasonCode.Success, m.Completion.Result));
        Assert.True(late.Completion.IsCanceled, $"{late.Completion.Status}");
        Assert.Equal(3, rig.Handled.Count);
        Assert.Empty(rig.Unprepared);
        Assert.Empty(rig.Failures);
        release.Dispose();
    }

    [Fact]
    public async Task With_two_threads_the_next_pass_is_taken_while_the_previous_pass_commits()
    {
        var rig = new Rig(capacity: 16, threads: 2);
        // Serial passes would never take message 2 while this round waits: it would time out.
        var (firstRoundStarted, secondTaken) = rig.HoldRoundOf(1);
        rig.OnIntake = m =>
        {
            if (Seq(m) == 2) secondTaken.TrySetResult();
        };
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => rig.Reader.RunAsync(stop.Token));
        var first = Message(user: true, 1, 1);
        await rig.Inbox.PostAsync(first);
        await firstRoundStarted.WaitAsync(Patience);
        // Its lane's next message waits for it; another lane's is taken into the next pass at once.
        var sameLane = Message(user: true, 1, 3);
        var second = Message(user: false, 2, 2);
        await rig.Inbox.PostAsync(sameLane);
        await rig.Inbox.PostAsync(second);

        var outcomes = await Task.WhenAll(first.Completion, sameLane.Completion, second.Completion).WaitAsync(Patience);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        Assert.All(outcomes, o => Assert.Equal(MqttPubAckReasonCode.Success, o));
        Assert.Equal([1, 3], rig.Order[(true, 1)]);
        var rounds = rig.Rounds.ToArray();
        Assert.Equal([1], rounds[0]);
        Assert.Contains(rounds, r => r.Contains(2) && !r.Contains(3));
        Assert.False(rig.LaneOverlapped);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Stopping_with_the_hand_full_finishes_what_was_taken_and_abandons_the_rest(int threads)
    {
        const int capacity = 3;
        var rig = new Rig(capacity, threads);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Hold = release.Task;
        using var taken = new CountdownEvent(capacity);
        rig.OnIntake = _ => taken.Signal();
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => rig.Reader.RunAsync(stop.Token));
        var messages = Enumerable.Range(0, capacity + 2).Select(i => Message(user: i % 2 == 0, (ulong)i, i)).ToArray();
        foreach (var m in messages[..capacity]) await rig.Inbox.PostAsync(m);
        Assert.True(taken.Wait(Patience), "the messages in hand were not all taken");
        // The hand is full: the next message is read and waits for a place, the one after stays queued.
        await rig.Inbox.PostAsync(messages[capacity]);
        Assert.True(SpinWait.SpinUntil(() => rig.Inbox.Reader.Count == 0, Patience), "the reader did not read the message past the capacity");
        await rig.Inbox.PostAsync(messages[capacity + 1]);

        await stop.CancelAsync();
        release.TrySetResult();
        await running.WaitAsync(Patience);

        for (var i = 0; i < capacity; i++) Assert.Equal(MqttPubAckReasonCode.Success, await messages[i].Completion);
        Assert.True(messages[capacity].Completion.IsCanceled, $"{messages[capacity].Completion.Status} failures {string.Join(';', rig.Failures.Select(f => f.Message))} handled {rig.Handled.Count}");
        Assert.True(messages[capacity + 1].Completion.IsCanceled);
        Assert.Equal(capacity, rig.Handled.Count);
        Assert.Equal(capacity, rig.MaxActive);
    }

    [Fact]
    public async Task Stopping_while_a_pass_commits_runs_its_rounds_and_the_next_pass_to_their_end()
    {
        var rig = new Rig(capacity: 16, threads: 2);
        var (roundStarted, release) = rig.HoldRoundOf(0);
        using var taken = new CountdownEvent(2);
        rig.OnIntake = m =>
        {
            if (Seq(m) != 0) taken.Signal();
        };
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => rig.Reader.RunAsync(stop.Token));
        var messages = Enumerable.Range(0, 3).Select(i => Message(user: true, (ulong)i, i)).ToArray();
        await rig.Inbox.PostAsync(messages[0]);
        await roundStarted.WaitAsync(Patience);
        await rig.Inbox.PostAsync(messages[1]);
        await rig.Inbox.PostAsync(messages[2]);
        Assert.True(taken.Wait(Patience), "the next pass was not taken while the first committed");

        await stop.CancelAsync();
        release.TrySetResult();
        await running.WaitAsync(Patience);

        Assert.All(messages, m => Assert.Equal(MqttPubAckReasonCode.Success, m.Completion.Result));
        Assert.Equal(3, rig.Handled.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_handler_that_throws_is_answered_with_an_error_and_its_lane_goes_on(int threads)
    {
        var rig = new Rig(capacity: 8, threads);
        rig.OnIntake = m =>
        {
            if (Seq(m) == 1) throw new InvalidOperationException("handler bug");
        };
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => rig.Reader.RunAsync(stop.Token));
        var messages = Enumerable.Range(0, 3).Select(i => Message(user: false, 7, i)).ToArray();
        foreach (var m in messages) await rig.Inbox.PostAsync(m);

        var outcomes = await Task.WhenAll(messages.Select(m => m.Completion)).WaitAsync(Patience);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        Assert.Equal([MqttPubAckReasonCode.Success, MqttPubAckReasonCode.UnspecifiedError, MqttPubAckReasonCode.Success], outcomes);
        Assert.Equal([0, 1, 2], rig.Order[(false, 7)]);
        Assert.Single(rig.Failures);
    }
}

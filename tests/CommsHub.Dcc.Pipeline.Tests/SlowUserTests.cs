using System.Collections.Concurrent;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// A user whose callback hangs (an endpoint that accepts and never answers, for up to the client's timeout on every
/// attempt) holds up only its own deliveries: not the other users' outcomes, not the sweeper.
/// </summary>
public sealed class SlowUserTests
{
    private const ulong Slow = 0x90B3D51F30010000, Other = 0x90B3D51F30020000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>Slow's deliveries wait for <see cref="Release"/>; everyone else's are taken at once.</summary>
    private sealed class OneSlowUser : IUserDelivery
    {
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly ConcurrentQueue<DuisDelivery> Taken = new();
        public int SlowAttempts;

        public async Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default)
        {
            if (delivery.UserEui == Slow)
            {
                Interlocked.Increment(ref SlowAttempts);
                await Release.Task.WaitAsync(cancellationToken);
            }
            Taken.Enqueue(delivery);
            return DeliveryReceipt.Taken;
        }
    }

    [Fact]
    public async Task A_pass_delivers_other_users_while_one_users_callback_hangs()
    {
        using var rig = new Rig();
        var delivery = new OneSlowUser();
        var outbox = new UserOutbox(rig.Store, delivery, time: rig.Clock);
        // The slow user's backlog is older than the other user's one outcome, so it comes first in the pass.
        for (var i = 0; i < 3 * outbox.Options.Parallelism; i++)
            Assert.NotNull(outbox.Stage(new DuisDelivery(Slow, DuisMessageKind.DeviceAlert, $"slow-{i}", [0x3C, (byte)i])));
        rig.Clock.Now += TimeSpan.FromSeconds(1);
        Assert.NotNull(outbox.Stage(new DuisDelivery(Other, DuisMessageKind.DeviceAlert, "other", [0x3C])));
        rig.Clock.Now += outbox.Options.FirstRetry;

        var pass = outbox.PumpAsync();

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (delivery.Taken.IsEmpty && waited.Elapsed < Patience) await Task.Delay(10);
        Assert.Equal("other", Assert.Single(delivery.Taken).Key);
        // One attempt of the slow user until it answers: the rest of its backlog waits behind it, not in everyone's places.
        Assert.Equal(1, Volatile.Read(ref delivery.SlowAttempts));
        delivery.Release.SetResult();
        var done = await pass.WaitAsync(Patience);
        Assert.Equal(done.Claimed, done.Taken);
        Assert.Equal(3 * outbox.Options.Parallelism + 1, done.Claimed);
    }

    [SharedDataFact]
    public async Task The_sweeper_does_not_wait_for_a_users_callback_that_hangs()
    {
        using var rig = new Rig();
        await rig.Intake.ProcessAsync(rig.Signed("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", 1000), DuisEndpoint.ServiceS);
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Delivery.Hold = hang.Task;
        rig.Clock.Now += TimeSpan.FromMinutes(10);

        // The sweeper answers the overdue request (E21) and goes on with everyone else's, not waiting for the callback.
        var sweep = await rig.Sweeper.SweepAsync().WaitAsync(Patience);

        Assert.Equal(1, sweep.TimedOut);
        var answer = Assert.Single(rig.Delivery.Delivered);
        Assert.NotNull(rig.Store.Outbox.Find(DuisMessageKind.Response, answer.Key));
        hang.SetResult();
        // Taken once the callback answers: the attempt went on without the sweeper.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (rig.Store.Outbox.Find(DuisMessageKind.Response, answer.Key) is not null && waited.Elapsed < Patience) await Task.Delay(10);
        Assert.Null(rig.Store.Outbox.Find(DuisMessageKind.Response, answer.Key));
    }
}

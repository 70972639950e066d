using CommsHub.Firmware.Host.Runtime;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// The hub's work queue: a thread that queues work while nobody runs the hub's work runs it at once, with everything
/// queued meanwhile, one item at a time and in order; the loop thread takes over only when that thread lets go.
/// </summary>
public class HubWorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void The_thread_that_finds_the_queue_idle_runs_it_dry_with_what_is_queued_meanwhile_in_order()
    {
        var queue = new HubWorkQueue();
        var ran = new List<int>();
        Assert.True(queue.TryAddAndOwn(() =>
        {
            ran.Add(1);
            // Queued from inside the work (a meter's answer, the next frame): run by the same owner, after this.
            Assert.True(queue.TryAddAndOwn(() => ran.Add(3), out bool nested));
            Assert.False(nested);
            queue.TryAdd(() => ran.Add(4));
            ran.Add(2);
        }, out bool owner));
        Assert.True(owner);

        while (queue.TryTakeOwned(out var work)) work();

        Assert.Equal([1, 2, 3, 4], ran);
        // Let go: the next caller owns it again.
        Assert.True(queue.TryAddAndOwn(() => { }, out bool again) && again);
    }

    [Fact]
    public async Task Work_queued_from_another_thread_while_owned_is_run_by_the_owner_not_by_that_thread()
    {
        var queue = new HubWorkQueue();
        Assert.True(queue.TryAddAndOwn(() => { }, out bool owner) && owner);
        bool otherOwns = true;
        int ranOn = 0;
        await Task.Run(() => queue.TryAddAndOwn(() => ranOn = Environment.CurrentManagedThreadId, out otherOwns));
        Assert.False(otherOwns);

        while (queue.TryTakeOwned(out var work)) work();

        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
    }

    [Fact]
    public async Task The_loop_thread_takes_over_only_when_the_owner_lets_go_and_nobody_else_slips_in_meanwhile()
    {
        var queue = new HubWorkQueue();
        Assert.True(queue.TryAddAndOwn(() => { }, out bool owner) && owner);
        var loop = Task.Run(queue.Own);
        Assert.True(SpinWait.SpinUntil(() => queue.LoopWantsOwnership, Patience), "the loop thread waits for ownership");
        Assert.False(loop.IsCompleted);

        // A transport event now queues for the loop thread rather than taking the queue itself.
        Assert.True(queue.TryAddAndOwn(() => { }, out bool slipped));
        Assert.False(slipped);
        while (queue.TryTakeOwned(out var work)) work();

        await loop.WaitAsync(Patience);
        Assert.False(queue.TryTakeOwned(out _)); // the loop thread owned it (and lets go here)
    }

    [Fact]
    public async Task A_sleeping_loop_thread_wakes_for_work_nobody_owns_and_for_a_wake_request()
    {
        var queue = new HubWorkQueue();
        var waiting = Task.Run(() => queue.WaitForWork(TimeSpan.FromMinutes(10)));
        queue.TryAdd(() => { });
        await waiting.WaitAsync(Patience);

        queue.Own();
        while (queue.TryTakeOwned(out var work)) work();
        waiting = Task.Run(() => queue.WaitForWork(TimeSpan.FromMinutes(10)));
        queue.Wake();
        await waiting.WaitAsync(Patience);
    }

    [Fact]
    public void A_wait_of_under_a_millisecond_waits_rather_than_returning_at_once()
    {
        // Truncated to 0 ms, such a wait returned at once and the loop spun through the last millisecond before each tick.
        var queue = new HubWorkQueue();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        queue.WaitForWork(TimeSpan.FromMilliseconds(0.6));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(0.6), $"returned after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void After_complete_adding_nothing_is_queued_and_the_queue_completes_once_empty()
    {
        var queue = new HubWorkQueue();
        queue.TryAdd(() => { });
        queue.CompleteAdding();

        Assert.False(queue.TryAdd(() => { }));
        Assert.False(queue.TryAddAndOwn(() => { }, out bool owner) || owner);
        Assert.False(queue.IsCompleted);
        queue.Own();
        Assert.True(queue.TryTakeOwned(out _));
        Assert.False(queue.TryTakeOwned(out _));
        Assert.True(queue.IsCompleted);
    }
}

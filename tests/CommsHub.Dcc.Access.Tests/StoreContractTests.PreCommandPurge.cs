using CommsHub.Dcc.Access.Tests.Backends;
using CommsHub.Dcc.Pipeline;
using Xunit;

namespace CommsHub.Dcc.Access.Tests;

/// <summary>Storage contract, part: purging expired CV4 pre-commands from the ledger.</summary>
public abstract partial class StoreContractTests<TBackend>
{
    private static readonly byte[] PreCommandBytes = [0xDF, 0x09, 0x01, 0x02, 0x03];

    private IssuedPreCommand Issue(ulong counter, DateTimeOffset expiresAt)
    {
        var issued = new IssuedPreCommand(UserEui, DeviceEui, counter, "7.1", PreCommandBytes, expiresAt);
        Store.PreCommands.Record(issued);
        return issued;
    }

    [StoreFact]
    public void Purge_deletes_expired_pre_commands_and_keeps_unexpired_ones()
    {
        var now = T0.AddHours(24);
        Issue(1, T0.AddHours(1));
        Issue(2, now); // expiry == now: Find no longer returns it, so it is expired
        Issue(ulong.MaxValue, now.AddTicks(-1)); // counter above 2^63: stored flipped, still purged by expiry alone
        Issue(3, now.AddTicks(1));
        Issue(4, now.AddHours(24));

        Assert.Equal(3, Store.PreCommands.PurgeExpired(now, 100));

        foreach (var counter in new[] { 1UL, 2UL, ulong.MaxValue })
        {
            Assert.Null(Store.PreCommands.Find(DeviceEui, counter, T0)); // gone, even for a clock that lags behind
            Assert.False(Store.PreCommands.Remove(DeviceEui, counter));
        }
        Assert.NotNull(Store.PreCommands.Find(DeviceEui, 3, now));
        Assert.NotNull(Reopen().PreCommands.Find(DeviceEui, 4, now));
        Assert.Equal(0, Store.PreCommands.PurgeExpired(now, 100)); // nothing left to purge
        Assert.True(Store.PreCommands.Remove(DeviceEui, 3));
        Assert.True(Store.PreCommands.Remove(DeviceEui, 4));
    }

    [StoreFact]
    public void Purge_takes_at_most_the_limit_oldest_expiry_first()
    {
        Issue(1, T0.AddMinutes(3));
        Issue(2, T0.AddMinutes(1));
        Issue(3, T0.AddMinutes(2));
        var now = T0.AddHours(1);

        Assert.Equal(2, Store.PreCommands.PurgeExpired(now, 2));
        Assert.NotNull(Store.PreCommands.Find(DeviceEui, 1, T0)); // the latest expiry is left for the next purge
        Assert.Equal(1, Store.PreCommands.PurgeExpired(now, 2));
        Assert.Null(Store.PreCommands.Find(DeviceEui, 1, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.PreCommands.PurgeExpired(now, 0));
    }

    [StoreFact]
    public void A_purge_racing_CV5_removes_takes_each_pre_command_once_and_never_an_unexpired_one()
    {
        // Each CV5 found its pre-command before expiry and now takes it (Remove) while another instance purges after
        // expiry. Either the CV5 takes it or the purge deletes it, never both: a purged pre-command is never used.
        const int count = 60;
        var now = T0.AddHours(24);
        var expired = Enumerable.Range(1, count).Select(i => Issue((ulong)i, now.AddTicks(-i))).ToList();
        var valid = Enumerable.Range(count + 1, count).Select(i => Issue((ulong)i, now.AddTicks(i))).ToList();
        var other = Backend.Open(); // a second instance on the same database
        try
        {
            int purged = 0, takenExpired = 0, takenValid = 0;
            var purge = Task.Run(() =>
            {
                for (var i = 0; i < count; i++) Interlocked.Add(ref purged, other.PreCommands.PurgeExpired(now, 3));
            });
            Parallel.ForEach(expired.Concat(valid).OrderBy(p => p.OriginatorCounter % 7), new ParallelOptions { MaxDegreeOfParallelism = 4 }, p =>
            {
                if (!Store.PreCommands.Remove(p.Device, p.OriginatorCounter)) return;
                if (p.ExpiresAt <= now) Interlocked.Increment(ref takenExpired);
                else Interlocked.Increment(ref takenValid);
            });
            purge.Wait();
            purged += other.PreCommands.PurgeExpired(now, count);

            Assert.Equal(count, takenValid); // the purge never deleted an unexpired pre-command
            Assert.Equal(count, purged + takenExpired); // each expired one went exactly once
            Assert.All(expired.Concat(valid), p => Assert.Null(Store.PreCommands.Find(p.Device, p.OriginatorCounter, T0)));
        }
        finally
        {
            other.Dispose();
        }
    }
}

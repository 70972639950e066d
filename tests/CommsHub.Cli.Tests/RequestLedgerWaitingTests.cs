using CommsHub.Cli.Faults;
using Xunit;

namespace CommsHub.Cli.Tests;

/// <summary>
/// Which reads <c>commshub faults</c> still waits for before it counts. An MQTT read is acknowledged only when its
/// synchronous I99 arrives on the responses topic, after the PUBACK: a read sent just before the wait began (into a
/// restarted adapter) was counted lost once its I99 came during the settle time, with its outcome still on the way.
/// </summary>
public class RequestLedgerWaitingTests
{
    private const ulong User = 0x02C04B0000020000, Meter = 0x02C04B10000001A0;

    [Fact]
    public void A_read_sent_without_an_answer_yet_is_waited_for_until_its_outcome()
    {
        var ledger = new RequestLedger();
        var read = Sent(ledger, 1, DateTime.UtcNow);
        Assert.Equal(1, ledger.Waiting()); // PUBACKed, its synchronous I99 still to come
        ledger.Synchronous(read.Id, "I99");
        Assert.Equal(1, ledger.Waiting());
        ledger.Outcome(read.Id, "I0", "");
        Assert.Equal(0, ledger.Waiting());
    }

    [Fact]
    public void A_read_never_answered_or_not_accepted_is_not_waited_for()
    {
        var ledger = new RequestLedger();
        // PUBACKed just before the adapter was killed: no synchronous answer will ever come; waited for a while only.
        var sent = DateTime.UtcNow - RequestLedger.SynchronousAnswerGrace - TimeSpan.FromSeconds(1);
        Sent(ledger, 1, sent);
        ledger.SendFailed(Sent(ledger, 2, DateTime.UtcNow).Id, "MQTT not connected");
        ledger.Synchronous(Sent(ledger, 3, DateTime.UtcNow).Id, "E21");
        ledger.Add(new RequestRecord("not sent yet", User, Meter, 4, "mqtt"));
        // Its synchronous answer lost with a killed adapter, its outcome delivered from the outbox after the restart.
        ledger.Outcome(Sent(ledger, 5, DateTime.UtcNow).Id, "I0", "");
        Assert.Equal(0, ledger.Waiting());
    }

    private static RequestRecord Sent(RequestLedger ledger, ulong counter, DateTime at)
    {
        var r = new RequestRecord($"{User:X16}:{Meter:X16}:{counter}", User, Meter, counter, "mqtt");
        ledger.Add(r);
        r.SentAt = at;
        return r;
    }
}

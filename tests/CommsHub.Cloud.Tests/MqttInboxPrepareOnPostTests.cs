using CommsHub.Cloud.Mqtt.Inbound;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// <see cref="MqttInbox.PrepareOnPost"/>: a message's order-free part runs on the posting thread before it is queued; a
/// part that throws leaves the message unprepared but queued (its handler then does the work in its turn).
/// </summary>
public sealed class MqttInboxPrepareOnPostTests
{
    private static MqttInboundMessage Request(ulong user) => new(MqttInboundKind.UserRequest, user, "t", [1]);

    [Fact]
    public async Task A_wanted_message_is_prepared_on_the_posting_thread_before_it_is_queued()
    {
        var inbox = new MqttInbox(8);
        int? preparedOn = null;
        var queuedWhenPrepared = -1;
        inbox.PrepareOnPost(m => m.Kind == MqttInboundKind.UserRequest, m =>
        {
            preparedOn = Environment.CurrentManagedThreadId;
            queuedWhenPrepared = inbox.Reader.Count;
            m.Prepared = "admitted";
        });
        var request = Request(1);
        var status = new MqttInboundMessage(MqttInboundKind.HubStatus, 2, "s", [2]);

        var posting = Environment.CurrentManagedThreadId;
        await inbox.PostAsync(request);
        await inbox.PostAsync(status);

        Assert.Equal(posting, preparedOn);
        Assert.Equal(0, queuedWhenPrepared);
        Assert.True(inbox.Reader.TryRead(out var first));
        Assert.Same(request, first);
        Assert.Equal("admitted", first.Prepared);
        Assert.True(inbox.Reader.TryRead(out var second));
        Assert.Null(second.Prepared);
    }

    [Fact]
    public async Task A_preparation_that_throws_leaves_the_message_unprepared_and_queued()
    {
        var inbox = new MqttInbox(8);
        inbox.PrepareOnPost(_ => true, m =>
        {
            m.Prepared = "half";
            throw new InvalidOperationException("stage bug");
        });
        var request = Request(3);

        await inbox.PostAsync(request);

        Assert.True(inbox.Reader.TryRead(out var queued));
        Assert.Same(request, queued);
        Assert.Null(queued.Prepared);
        Assert.False(queued.Completion.IsCompleted);
    }
}

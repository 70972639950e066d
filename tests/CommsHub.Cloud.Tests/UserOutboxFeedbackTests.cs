using System.Buffers;
using System.Text;
using CommsHub.Cloud.Adapter;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Storage.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// Only the user's own client takes an outcome: a PUBACK from another user, from the adapter principal (an operator tool
/// reading <c>dcc/users/+/responses</c>) or on another topic leaves it in the outbox; a user's subscription wakes only its own.
/// </summary>
public sealed class UserOutboxFeedbackTests : IDisposable
{
    private const ulong User = 0x02C04B0000010000, Other = 0x02C04B0000020000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "commshub-feedback-" + Guid.NewGuid().ToString("N"));

    private sealed class PublishOnly : IUserDelivery
    {
        public Task<DeliveryReceipt> DeliverAsync(DuisDelivery delivery, CancellationToken cancellationToken = default) =>
            Task.FromResult(DeliveryReceipt.Sent);
    }

    [Fact]
    public void Only_the_users_own_puback_on_its_own_topic_takes_the_outcome()
    {
        using var store = SqliteDccStore.Open(_dir);
        var outbox = new UserOutbox(store, new PublishOnly());
        var feedback = new UserOutboxFeedback(outbox, NullLogger<UserOutboxFeedback>.Instance);
        var xml = Encoding.UTF8.GetBytes("<signed E21/>");
        Assert.NotNull(outbox.Stage(new DuisDelivery(User, DuisMessageKind.Response, "R1", xml)));
        var payload = new ReadOnlySequence<byte>(xml);
        var topic = TopicAuthorization.UserResponses(User);

        feedback.Acknowledged(MqttPrincipal.Adapter, topic, payload);
        feedback.Acknowledged(new MqttPrincipal(MqttPrincipalKind.User, Other), topic, payload);
        feedback.Acknowledged(new MqttPrincipal(MqttPrincipalKind.Hub, User), topic, payload);
        feedback.Acknowledged(new MqttPrincipal(MqttPrincipalKind.User, User), TopicAuthorization.UserRequests(User), payload);
        feedback.Acknowledged(null, topic, payload);
        Assert.NotNull(store.Outbox.Find(DuisMessageKind.Response, "R1"));

        feedback.Acknowledged(new MqttPrincipal(MqttPrincipalKind.User, User), topic, payload);
        Assert.Null(store.Outbox.Find(DuisMessageKind.Response, "R1"));
        Assert.Equal(1, outbox.Acknowledgements);
    }

    [Fact]
    public void In_the_host_a_puback_is_queued_and_written_with_its_batch()
    {
        using var store = SqliteDccStore.Open(_dir);
        var outbox = new UserOutbox(store, new PublishOnly());
        using var acknowledgements = new OutboxAcknowledgements(outbox, TimeSpan.FromHours(1));
        var feedback = new UserOutboxFeedback(outbox, NullLogger<UserOutboxFeedback>.Instance, acknowledgements);
        var xml = Encoding.UTF8.GetBytes("<signed I0/>");
        Assert.NotNull(outbox.Stage(new DuisDelivery(User, DuisMessageKind.Response, "R1", xml)));
        var topic = TopicAuthorization.UserResponses(User);

        feedback.Acknowledged(new MqttPrincipal(MqttPrincipalKind.User, Other), topic, new ReadOnlySequence<byte>(xml));
        feedback.Acknowledged(new MqttPrincipal(MqttPrincipalKind.User, User), topic, new ReadOnlySequence<byte>(xml));
        Assert.NotNull(store.Outbox.Find(DuisMessageKind.Response, "R1")); // queued, not written on the user's lane
        Assert.Equal(1, acknowledgements.Flush());
        Assert.Null(store.Outbox.Find(DuisMessageKind.Response, "R1"));
    }

    [Fact]
    public void A_users_subscription_wakes_only_its_own_outcomes()
    {
        using var store = SqliteDccStore.Open(_dir);
        var outbox = new UserOutbox(store, new PublishOnly());
        var feedback = new UserOutboxFeedback(outbox, NullLogger<UserOutboxFeedback>.Instance);
        var woken = 0;
        outbox.DueNow += () => woken++;
        Assert.NotNull(outbox.Stage(new DuisDelivery(User, DuisMessageKind.Response, "R1", [1])));

        feedback.Subscribed(new MqttPrincipal(MqttPrincipalKind.User, Other));
        feedback.Subscribed(MqttPrincipal.Adapter);
        Assert.Equal(0, woken);
        feedback.Subscribed(new MqttPrincipal(MqttPrincipalKind.User, User));
        Assert.Equal(1, woken);
        Assert.True(store.Outbox.Find(DuisMessageKind.Response, "R1")!.NextAttemptAt <= DateTimeOffset.UtcNow);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

using System.Text;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>The service with a DUIS request's order-free intake done ahead (<c>Mqtt:IntakeOnPost</c>, the default) and on
/// two threads per pass (<c>Mqtt:IntakeThreads=2</c>).</summary>
public sealed class IntakeAheadCloudFixture() : CloudFixture("--CommsHub:Mqtt:IntakeOnPost", "true", "--CommsHub:Mqtt:IntakeThreads", "2");

/// <summary>The service with the whole intake in each request's turn on the inbox reader's thread (<c>Mqtt:IntakeOnPost=false</c>,
/// one intake thread): the setting's other side, so both stay tested now that intake on post is the default.</summary>
public sealed class IntakeInTurnCloudFixture() : CloudFixture("--CommsHub:Mqtt:IntakeOnPost", "false", "--CommsHub:Mqtt:IntakeThreads", "1");

/// <summary>Over MQTT with the intake done ahead of the requests' turn.</summary>
public sealed class IntakeAheadOverMqttTests(IntakeAheadCloudFixture cloud) : IntakeOverMqttTests(cloud), IClassFixture<IntakeAheadCloudFixture>;

/// <summary>Over MQTT with the intake done in the requests' turn.</summary>
public sealed class IntakeInTurnOverMqttTests(IntakeInTurnCloudFixture cloud) : IntakeOverMqttTests(cloud), IClassFixture<IntakeInTurnCloudFixture>;

/// <summary>
/// Over MQTT, wherever the intake runs: a valid request is answered I99, a replayed one and a forged one E1 (signed), a
/// malformed one refused in the PUBACK; the user's counters are checked in send order.
/// </summary>
public abstract class IntakeOverMqttTests(CloudFixture cloud)
{
    private const string Template = DuisRequests.ReadRegistersTemplate;

    [SharedDataFact]
    public async Task Valid_replayed_forged_and_malformed_requests_get_the_same_answers_as_without()
    {
        var user = DemoIdentities.Supplier;
        await using var client = await MqttTestClient.ConnectAsync(cloud.MqttPort, Eui64.ToText(user),
            cloud.Credentials.SecretOf(Eui64.ToText(user)), Eui64.ToText(user) + "-ahead");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync(TopicAuthorization.UserResponses(user)));
        var requests = TopicAuthorization.UserRequests(user);
        var counter = DuisRequests.NextCounter();
        var valid = DuisRequests.Signed(cloud.DataDirectory, Template, user, counter);

        Assert.Equal(MqttClientPublishReasonCode.Success, await client.PublishAsync(requests, valid));
        Assert.Equal("I99", AnswerCode(client));
        // The same counter again: a replay, answered E1.
        Assert.Equal(MqttClientPublishReasonCode.Success, await client.PublishAsync(requests, DuisRequests.Signed(cloud.DataDirectory, Template, user, counter)));
        Assert.Equal("E1", AnswerCode(client));
        // Signed by another user, naming this one: E1, and its counter is not burnt.
        var next = DuisRequests.NextCounter();
        var forged = SignedBy(DemoIdentities.NetworkOperator, user, next);
        Assert.Equal(MqttClientPublishReasonCode.Success, await client.PublishAsync(requests, forged));
        Assert.Equal("E1", AnswerCode(client));
        // Not DUIS: refused in the PUBACK, no answer.
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, await client.PublishAsync(requests, Encoding.UTF8.GetBytes("<not-duis/>")));
        Assert.Equal(MqttClientPublishReasonCode.Success, await client.PublishAsync(requests, DuisRequests.Signed(cloud.DataDirectory, Template, user, next)));
        Assert.Equal("I99", AnswerCode(client));
    }

    private string AnswerCode(MqttTestClient client)
    {
        var answer = client.Next();
        Assert.NotNull(answer);
        return DuisResponses.Code(DuisResponses.VerifyDspSigned(cloud, answer.Value.Payload));
    }

    // A request naming originator, signed with signer's key.
    private byte[] SignedBy(ulong signer, ulong originator, ulong counter)
    {
        var doc = DuisRequests.Unsigned(Template, originator, counter);
        using var key = DuisRequests.Signer(cloud.DataDirectory, signer);
        Dcc.Duis.DuisSignature.Sign(doc, key);
        return Encoding.UTF8.GetBytes(doc.OuterXml);
    }
}

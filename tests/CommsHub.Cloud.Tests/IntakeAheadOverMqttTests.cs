using System.Text;
using CommsHub.Cloud.Mqtt;
using CommsHub.Dcc.Smki;
using CommsHub.Protocol.Encoding;
using CommsHub.TestSupport;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests;

/// <summary>The service with a DUIS request's order-free intake done ahead (<c>Mqtt:IntakeOnPost</c>) and on two
/// threads per pass (<c>Mqtt:IntakeThreads=2</c>).</summary>
public sealed class IntakeAheadCloudFixture() : CloudFixture("--CommsHub:Mqtt:IntakeOnPost", "true", "--CommsHub:Mqtt:IntakeThreads", "2");

/// <summary>
/// Over MQTT with the intake done ahead of the requests' turn: a valid request is answered I99, a replayed one and a
/// forged one E1 (signed), a malformed one refused in the PUBACK, as with the intake in turn; the user's counters are
/// checked in send order.
/// </summary>
public sealed class IntakeAheadOverMqttTests(IntakeAheadCloudFixture cloud) : IClassFixture<IntakeAheadCloudFixture>
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

using CommsHub.Cloud.Demo;
using CommsHub.Cloud.Mqtt;
using CommsHub.Cloud.Mqtt.External;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Smki;
using CommsHub.Dcc.Storage;
using CommsHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Xunit;

namespace CommsHub.Cloud.Tests.Mosquitto;

/// <summary>
/// External mode hands a request whose handling failed (PUBACK UnspecifiedError) over again itself (the broker would only
/// redeliver it after a reconnect). When the first attempt failed only in publishing its answer, the request's decision
/// was already committed: the attempt that follows is the same publish again, and must be taken as a resend of a kept
/// request (acknowledged, its outcome follows from the outbox), not as a new copy answered E1 "replay", which gave one
/// request two answers (E1 now, its outcome later).
/// </summary>
public sealed class RetriedRequestTests
{
    private static readonly TimeSpan Wait = ExternalBrokerModeTests.Wait;
    private static readonly string Supplier = ExternalBrokerModeTests.Supplier;

    /// <summary>The adapter's publisher, whose first publish of an answer on a user's responses topic fails (a broker
    /// connection lost at that moment).</summary>
    private sealed class FirstAnswerLost(IMqttPublisher inner) : IMqttPublisher
    {
        private int _failed;

        public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default) =>
            topic.EndsWith("/responses", StringComparison.Ordinal) && Interlocked.Exchange(ref _failed, 1) == 0
                ? Task.FromException(new InvalidOperationException("not connected to the external broker (simulated)"))
                : inner.PublishAsync(topic, payload, cancellationToken);
    }

    [MosquittoFact]
    public async Task A_request_retried_after_its_answer_could_not_be_published_gets_no_second_answer()
    {
        await using var rig = await MosquittoRig.StartAsync(ExternalBrokerModeTests.Provision);
        var logs = new LogCapture();
        var arguments = rig.AdapterArguments("adapter-retried", "commshub.db", "--Logging:LogLevel:CommsHub.Cloud.Mqtt.MqttDuisRequests=Information");
        await using var app = CloudApp.Create(arguments, s =>
        {
            s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            s.AddSingleton<IMqttPublisher>(sp => new FirstAnswerLost(sp.GetRequiredService<ExternalBrokerClient>()));
        }, console: TextWriter.Null);
        await app.StartAsync();
        try
        {
            var store = app.Services.GetRequiredService<IDccStore>();
            await using var user = await MqttTestClient.ConnectAsync(rig.Port, Supplier, rig.Credentials.SecretOf(Supplier), Supplier);
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await user.SubscribeAsync(TopicAuthorization.UserResponses(DemoIdentities.Supplier)));
            var request = ExternalBrokerModeTests.SignedRead(rig.DataDirectory, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
            var requestId = ExternalBrokerModeTests.RequestIdOf(SecureXml.Load(request));

            Assert.Equal(MqttClientPublishReasonCode.Success, await user.PublishAsync(TopicAuthorization.UserRequests(DemoIdentities.Supplier), request));

            // Until the retry has been handled, and a moment after: every answer the user gets for the request.
            var codes = new List<string>();
            using var deadline = new CancellationTokenSource(Wait);
            var settled = DateTimeOffset.MaxValue;
            while (DateTimeOffset.UtcNow < settled && !deadline.IsCancellationRequested)
            {
                if (settled == DateTimeOffset.MaxValue && logs.Lines.Any(l => l.Contains("sent again (DUP)", StringComparison.Ordinal)))
                    settled = DateTimeOffset.UtcNow.AddSeconds(1);
                if (user.Next(TimeSpan.FromMilliseconds(100)) is not { } message) continue;
                var answer = DuisResponses.VerifyDspSigned(rig.DataDirectory, message.Payload);
                if (ExternalBrokerModeTests.RequestIdOf(answer) == requestId) codes.Add(DuisResponses.Code(answer));
                if (codes.Contains("E1")) break;
            }
            Assert.DoesNotContain("E1", codes);
            Assert.NotEqual(DateTimeOffset.MaxValue, settled);
            Assert.NotNull(store.PendingRequests.Find(requestId!)); // kept: its outcome follows from the outbox
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await app.StopAsync(stop.Token); } catch (OperationCanceledException) { }
        }
    }
}

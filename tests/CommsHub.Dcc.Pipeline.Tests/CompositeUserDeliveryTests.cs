using CommsHub.Dcc.Dispatch;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// The adapter's user delivery is the HTTP callback, then MQTT (AdapterServices): every channel is tried on every
/// attempt, also when the callback times out (HttpClient reports that as a TaskCanceledException, which is not the
/// caller's cancellation), or a user with a hanging callback would never get an outcome over the MQTT session it has.
/// </summary>
public sealed class CompositeUserDeliveryTests
{
    private const ulong User = 0x90B3D51F30010000;

    /// <summary>A callback endpoint that never answers.</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task A_callback_that_times_out_does_not_keep_the_outcome_off_mqtt()
    {
        var http = new HttpCallbackDelivery(new HttpClient(new HangingHandler()) { Timeout = TimeSpan.FromMilliseconds(50) });
        http.SetCallback(User, new Uri("https://user.example/callback"));
        var mqtt = new RecordingPublisher();
        var delivery = new CompositeUserDelivery(http, new MqttUserDelivery(mqtt));

        // Not taken (the callback failed and a publish awaits its PUBACK), so the outbox keeps it: an error, as for any failure.
        var error = await Assert.ThrowsAsync<AggregateException>(() =>
            delivery.DeliverAsync(new DuisDelivery(User, DuisMessageKind.Response, "R1", [1, 2, 3])));

        Assert.IsAssignableFrom<OperationCanceledException>(Assert.Single(error.InnerExceptions));
        var published = Assert.Single(mqtt.On(MqttUserDelivery.TopicFor(User)));
        Assert.Equal([1, 2, 3], published.Payload);
    }

    [Fact]
    public async Task The_callers_own_cancellation_still_stops_the_delivery()
    {
        var http = new HttpCallbackDelivery(new HttpClient(new HangingHandler()));
        http.SetCallback(User, new Uri("https://user.example/callback"));
        var delivery = new CompositeUserDelivery(http, new MqttUserDelivery(new RecordingPublisher()));
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            delivery.DeliverAsync(new DuisDelivery(User, DuisMessageKind.Response, "R1", [1, 2, 3]), stopping.Token));
    }

    [Fact]
    public async Task A_hanging_callback_does_not_hold_back_the_mqtt_copy()
    {
        // The callback hangs for the client's whole timeout on every attempt; the user's MQTT session gets the outcome now.
        var http = new HttpCallbackDelivery(new HttpClient(new HangingHandler()) { Timeout = TimeSpan.FromSeconds(30) });
        http.SetCallback(User, new Uri("https://user.example/callback"));
        var mqtt = new RecordingPublisher();
        var delivery = new CompositeUserDelivery(http, new MqttUserDelivery(mqtt));
        using var stopping = new CancellationTokenSource();

        var attempt = delivery.DeliverAsync(new DuisDelivery(User, DuisMessageKind.Response, "R1", [1, 2, 3]), stopping.Token);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (mqtt.On(MqttUserDelivery.TopicFor(User)).Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(10);
        Assert.Single(mqtt.On(MqttUserDelivery.TopicFor(User)));
        Assert.False(attempt.IsCompleted);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt);
    }
}

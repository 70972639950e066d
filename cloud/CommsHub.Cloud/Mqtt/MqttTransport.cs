using CommsHub.Cloud.Adapter;
using CommsHub.Cloud.Configuration;
using CommsHub.Cloud.Mqtt.External;
using CommsHub.Cloud.Mqtt.Inbound;
using CommsHub.Dcc.Dispatch;

namespace CommsHub.Cloud.Mqtt;

/// <summary>
/// Registers the MQTT side by <see cref="MqttSettings.Mode"/>: the <see cref="MqttInbox"/> and the
/// <see cref="MqttInboxService"/> that reads it, and as <see cref="IMqttMessageSource"/> and <see cref="IMqttPublisher"/>
/// either the <see cref="EmbeddedBroker"/> or the <see cref="ExternalBrokerClient"/>.
/// </summary>
public static class MqttTransport
{
    /// <summary>Adds the services; call after the adapter's (the inbox service needs them).</summary>
    public static void Add(IServiceCollection services, MqttSettings settings)
    {
        services.AddSingleton(new MqttInbox(settings.InboxCapacity));
        services.AddSingleton<MqttDuisRequests>();
        // Before the source: hosted services stop in reverse order, so the source stops taking messages first and the
        // inbox then finishes (or abandons, unacknowledged) what it holds.
        services.AddHostedService<MqttInboxService>();
        // The embedded broker is registered in both modes (the health endpoint and the demo ask for it); in External
        // mode it does not start.
        services.AddSingleton<EmbeddedBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        if (settings.Mode == MqttMode.External)
        {
            services.AddSingleton<ExternalBrokerClient>();
            services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerClient>());
            services.AddSingleton<IMqttPublisher>(sp => sp.GetRequiredService<ExternalBrokerClient>());
            services.AddSingleton<IMqttMessageSource>(sp => sp.GetRequiredService<ExternalBrokerClient>());
        }
        else
        {
            services.AddSingleton<IMqttPublisher>(sp => sp.GetRequiredService<EmbeddedBroker>());
            services.AddSingleton<IMqttMessageSource>(sp => sp.GetRequiredService<EmbeddedBroker>());
        }
    }
}

using MQTTnet.Protocol;

namespace CommsHub.Cloud.Mqtt.Inbound;

/// <summary>
/// One thing the MQTT side hands to the adapter through the <see cref="MqttInbox"/>, from the embedded broker or the
/// external-broker client alike. <see cref="Completion"/> carries the PUBACK reason code once the adapter has finished
/// with it (for a request or up frame: once the outcome is committed), so the source acknowledges only then.
/// </summary>
public sealed class MqttInboundMessage
{
    private readonly TaskCompletionSource<MqttPubAckReasonCode> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A message of <paramref name="kind"/> about the hub or user <paramref name="eui"/>.</summary>
    public MqttInboundMessage(MqttInboundKind kind, ulong eui, string topic, byte[] payload, bool resend = false)
    {
        Kind = kind;
        Eui = eui;
        Topic = topic;
        Payload = payload;
        Resend = resend;
    }

    /// <summary>What it is.</summary>
    public MqttInboundKind Kind { get; }

    /// <summary>The hub or user it concerns (its messages are handled one after another, in arrival order).</summary>
    public ulong Eui { get; }

    /// <summary>The topic it arrived on (empty for <see cref="MqttInboundKind.HubGone"/> and <see cref="MqttInboundKind.UserSubscribed"/>).</summary>
    public string Topic { get; }

    /// <summary>The payload.</summary>
    public byte[] Payload { get; }

    /// <summary>The publish carried the DUP flag: it is being delivered again.</summary>
    public bool Resend { get; }

    /// <summary>What the inbox's order-free stage (<see cref="Adapter.MqttInboxPreparation"/>) worked out for the
    /// message ahead of its turn (for a DUIS request: its admission), for its handler; null when it had none.</summary>
    internal object? Prepared { get; set; }

    /// <summary>Completes with the PUBACK reason code when the adapter is done with the message.</summary>
    public Task<MqttPubAckReasonCode> Completion => _done.Task;

    /// <summary>The adapter is done: <paramref name="reasonCode"/> is what the PUBACK should say.</summary>
    public void Complete(MqttPubAckReasonCode reasonCode) => _done.TrySetResult(reasonCode);

    /// <summary>The adapter stopped before it was done: the source must not acknowledge it.</summary>
    public void Abandon() => _done.TrySetCanceled();

    /// <summary>The ordering lane: one hub's, or one user's, messages in arrival order.</summary>
    internal (bool User, ulong Eui) Lane => (Kind is MqttInboundKind.UserRequest or MqttInboundKind.UserTook or MqttInboundKind.UserSubscribed, Eui);
}

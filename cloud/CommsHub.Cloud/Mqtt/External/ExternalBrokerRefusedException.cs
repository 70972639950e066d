namespace CommsHub.Cloud.Mqtt.External;

/// <summary>The external broker refused the adapter in a way retrying with the same settings cannot cure (credentials,
/// authority, TLS trust, no shared subscriptions): the start stops with the reason.</summary>
public sealed class ExternalBrokerRefusedException : InvalidOperationException
{
    /// <summary>A refusal described by <paramref name="message"/>.</summary>
    public ExternalBrokerRefusedException(string message) : base(message) { }

    /// <summary>A refusal described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public ExternalBrokerRefusedException(string message, Exception inner) : base(message, inner) { }
}

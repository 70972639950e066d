using CommsHub.Firmware.Core.Wan;

namespace CommsHub.Firmware.Han.Tests.Support;

/// <summary>
/// An MQTT client stand-in: the test decides whether the broker is up, whether PUBACKs come at once (synchronously,
/// inside Publish, the hardest case for the link) or when released, and sees everything published.
/// </summary>
public sealed class FakeWanTransport : IWanTransport
{
    public readonly List<(string Topic, byte[] Payload, bool Retain, int Id)> Published = new();
    public readonly List<string> Subscriptions = new();
    public readonly List<WanConnectOptions> Connects = new();
    public readonly List<int> Unacked = new();
    public bool BrokerUp = true;
    public bool AutoAck = true;
    public bool FailPublish;
    private int _nextId = 1;

    public bool IsConnected { get; private set; }

    public event WanMessageHandler? MessageReceived;
    public event WanPublishAckHandler? PublishCompleted;
    public event WanDisconnectedHandler? Disconnected;

    public int ConnectCalls => Connects.Count;

    public bool Connect(WanConnectOptions options)
    {
        Connects.Add(options);
        IsConnected = BrokerUp;
        return BrokerUp;
    }

    public void Disconnect() => IsConnected = false;

    /// <summary>Delivery ids the link acknowledged, in order.</summary>
    public readonly List<int> Acknowledged = new();
    private int _nextDelivery = 1;

    public void Acknowledge(int deliveryId) => Acknowledged.Add(deliveryId);

    /// <summary>Delivery ids the link released unacknowledged (no room in its inbox), in order.</summary>
    public readonly List<int> Released = new();

    public void Release(int deliveryId) => Released.Add(deliveryId);

    public bool Subscribe(string topic)
    {
        if (!IsConnected) return false;
        Subscriptions.Add(topic);
        return true;
    }

    public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!IsConnected || FailPublish) return 0;
        int id = _nextId++;
        if (_nextId > 65535) _nextId = 1;
        Published.Add((topic, payload.AsSpan(offset, count).ToArray(), retain, id));
        if (AutoAck) PublishCompleted?.Invoke(id, true);
        else Unacked.Add(id);
        return id;
    }

    /// <summary>The broker acknowledges every outstanding publish.</summary>
    public void AckAll(bool delivered = true)
    {
        var ids = Unacked.ToArray();
        Unacked.Clear();
        foreach (var id in ids) PublishCompleted?.Invoke(id, delivered);
    }

    /// <summary>Outstanding publishes that are not retained (the outbox's frames, not the status), oldest first.</summary>
    public List<int> UnackedFrames => Unacked.Where(id => !Published.Single(p => p.Id == id).Retain).ToList();

    /// <summary>The broker acknowledges the oldest outstanding outbox frame.</summary>
    public void AckOldest(bool delivered = true) => Ack(UnackedFrames[0], delivered);

    /// <summary>The client reports the newest outstanding frame's PUBACK first (completions out of order).</summary>
    public void AckNewest() => Ack(UnackedFrames[^1], true);

    private void Ack(int id, bool delivered)
    {
        Unacked.Remove(id);
        PublishCompleted?.Invoke(id, delivered);
    }

    /// <summary>The connection drops (broker gone).</summary>
    public void Drop()
    {
        IsConnected = false;
        BrokerUp = false;
        Unacked.Clear();
        Disconnected?.Invoke();
    }

    /// <summary>The broker delivers a message; returns its delivery id.</summary>
    public int Deliver(string topic, byte[] payload)
    {
        int id = _nextDelivery++;
        MessageReceived?.Invoke(topic, payload, 0, payload.Length, id);
        return id;
    }

    public IEnumerable<byte[]> On(string topic) => Published.Where(p => p.Topic == topic).Select(p => p.Payload);
}

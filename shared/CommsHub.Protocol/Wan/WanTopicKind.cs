namespace CommsHub.Protocol.Wan
{
    /// <summary>Which topic of the hub contract (DESIGN.md "MQTT topics") a topic string is.</summary>
    public enum WanTopicKind
    {
        /// <summary>Not a <c>chub/{EUI}/...</c> topic of the contract.</summary>
        None = 0,
        /// <summary><c>chub/{EUI}/down</c>: adapter to hub, raw GBCS bytes.</summary>
        Down = 1,
        /// <summary><c>chub/{EUI}/up</c>: hub to adapter (responses, alerts), raw GBCS bytes.</summary>
        Up = 2,
        /// <summary><c>chub/{EUI}/status</c>: retained JSON, set offline by the LWT.</summary>
        Status = 3,
        /// <summary><c>chub/{EUI}/ota/...</c>: firmware update traffic (JSON or image blocks).</summary>
        Ota = 4,
    }
}

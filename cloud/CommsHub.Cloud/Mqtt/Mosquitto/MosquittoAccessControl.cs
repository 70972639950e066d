namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>How the generated Mosquitto set-up authenticates accounts and checks their topics.</summary>
public enum MosquittoAccessControl
{
    /// <summary>
    /// Mosquitto's dynamic security plugin (<see cref="MosquittoDynamicSecurity"/>): subscriptions are checked when made,
    /// so a user cannot subscribe to another user's responses (nor to <c>dcc/users/#</c>) and make the adapter's publish
    /// of an absent user's outcome count as taken. The default.
    /// </summary>
    DynamicSecurity,

    /// <summary>
    /// <c>password_file</c> and <c>acl_file</c> (<see cref="MosquittoAcl"/>). Mosquitto 2.0 grants every subscription
    /// there and filters only at delivery, so another user's wildcard subscription makes an absent user's outcome count
    /// as taken and it is lost (SECURITY.md). Only for brokers without the plugin, and not with the user outbox.
    /// </summary>
    AclFile,
}

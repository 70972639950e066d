namespace CommsHub.Cloud.Configuration;

/// <summary>Checks the external-broker settings (<see cref="MqttMode.External"/>) so a bad one stops the start naming it.</summary>
public static class ExternalBrokerValidation
{
    private const string Prefix = "CommsHub:Mqtt:External:";

    /// <summary>Adds a message to <paramref name="errors"/> for each bad setting.</summary>
    public static void Validate(MqttSettings mqtt, List<string> errors)
    {
        if (!Enum.IsDefined(mqtt.Mode)) errors.Add($"CommsHub:Mqtt:Mode '{mqtt.Mode}' is not Embedded or External");
        if (mqtt.Mode != MqttMode.External) return;
        var external = mqtt.External;
        if (string.IsNullOrWhiteSpace(external.Host) || Uri.CheckHostName(external.Host) == UriHostNameType.Unknown)
            errors.Add($"{Prefix}Host '{external.Host}' is not a host name or IP address");
        if (external.Port is < 1 or > 65535) errors.Add($"{Prefix}Port {external.Port} is not a TCP port");
        if (string.IsNullOrWhiteSpace(external.Username)) errors.Add($"{Prefix}Username must not be empty");
        // MQTT 5 allows long client ids, but the characters must be plain: they name the session on the broker.
        if (string.IsNullOrWhiteSpace(external.ClientId) || external.ClientId.Length > 128 || external.ClientId.Any(c => c <= ' ' || c > '~'))
            errors.Add($"{Prefix}ClientId '{external.ClientId}' must be 1..128 printable ASCII characters without spaces");
        // The client id names the instance's presence topic, which takes part in taking over a dead instance's session.
        else if (external.AdoptPeerSessions && !Mqtt.External.AdapterPresence.Usable(external.ClientId))
            errors.Add($"{Prefix}ClientId '{external.ClientId}' must not contain '/', '+' or '#' while {Prefix}AdoptPeerSessions is on (it names the instance's presence topic)");
        // A share name may not contain the topic separators or wildcards (MQTT 5 §4.8.2).
        if (external.ShareGroup is not null && (string.IsNullOrWhiteSpace(external.ShareGroup) || external.ShareGroup.IndexOfAny(['/', '+', '#']) >= 0
            || external.ShareGroup.Any(c => c <= ' ' || c > '~')))
            errors.Add($"{Prefix}ShareGroup '{external.ShareGroup}' must be printable ASCII without '/', '+', '#' or spaces");
        if (external.SessionExpirySeconds is < 0) errors.Add($"{Prefix}SessionExpirySeconds {external.SessionExpirySeconds} is negative");
        if (external.UnsavedWindowSeconds is < 0) errors.Add($"{Prefix}UnsavedWindowSeconds {external.UnsavedWindowSeconds} is negative");
        if (external.ReceiveMaximum is < 1 or > 65535) errors.Add($"{Prefix}ReceiveMaximum {external.ReceiveMaximum} is outside 1..65535");
        if (external.ConnectTimeoutSeconds is < 1 or > 600)
            errors.Add($"{Prefix}ConnectTimeoutSeconds {external.ConnectTimeoutSeconds} is outside 1..600");
        var tls = external.Tls;
        foreach (var (name, file) in new[] { ("CaFile", tls.CaFile), ("CertificateFile", tls.CertificateFile), ("KeyFile", tls.KeyFile) })
        {
            if (file is null) continue;
            if (!tls.Enabled) errors.Add($"{Prefix}Tls:{name} is set but {Prefix}Tls:Enabled is not");
            else if (!File.Exists(file)) errors.Add($"{Prefix}Tls:{name} '{file}' does not exist");
        }
        if ((tls.CertificateFile is null) != (tls.KeyFile is null))
            errors.Add($"{Prefix}Tls:CertificateFile and {Prefix}Tls:KeyFile go together (a client certificate needs its key)");
    }
}

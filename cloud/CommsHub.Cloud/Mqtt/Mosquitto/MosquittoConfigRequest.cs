namespace CommsHub.Cloud.Mqtt.Mosquitto;

/// <summary>What <see cref="MosquittoConfigWriter"/> writes.</summary>
public sealed class MosquittoConfigRequest
{
    /// <summary>The adapter's data directory: <c>mqtt/credentials.json</c> (accounts) and <c>smki/ca</c> (the root that issues the broker certificate).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where the files go (created if missing).</summary>
    public required string OutDirectory { get; init; }

    /// <summary>The address the listeners bind to (loopback by default).</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>The TLS listener's port; 0: none.</summary>
    public int TlsPort { get; init; } = 8883;

    /// <summary>A plain TCP listener's port (passwords in clear: keep it on loopback); 0: none.</summary>
    public int PlainPort { get; init; }

    /// <summary>Extra host names or addresses the broker certificate names (besides localhost, loopback and the bound address).</summary>
    public IReadOnlyList<string> HostNames { get; init; } = [];

    /// <summary>
    /// The account Mosquitto runs as when started as root (its <c>user</c> option; it must be able to read the files
    /// written here); unset: the current user.
    /// </summary>
    public string? RunAs { get; init; }

    /// <summary>The <c>mosquitto_passwd</c> to hash with (<see cref="MosquittoAccessControl.AclFile"/> only); unset: found on the PATH, else Mosquitto's format is written directly.</summary>
    public string? PasswdTool { get; init; }

    /// <summary>How accounts and topics are checked: the dynamic security plugin (default, safe) or the legacy ACL file.</summary>
    public MosquittoAccessControl AccessControl { get; init; } = MosquittoAccessControl.DynamicSecurity;

    /// <summary>The dynamic security plugin's shared object; unset: <see cref="MosquittoDynamicSecurity.FindPlugin"/>.</summary>
    public string? DynamicSecurityPlugin { get; init; }
}

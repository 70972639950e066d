namespace CommsHub.Cloud.Configuration;

/// <summary>
/// The service's settings, section <c>CommsHub</c>: from appsettings.json, then environment variables
/// (<c>COMMSHUB__MQTT__PORT=1884</c>), then the command line (<c>--CommsHub:Mqtt:Port=1884</c> or the short
/// switches in <see cref="CommandLineSwitches"/>). Later sources win.
/// </summary>
public sealed class CommsHubOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CommsHub";

    /// <summary>Where identities, credentials and (later) the database live; relative paths are under the working directory. Created if missing.</summary>
    public string DataDirectory { get; set; } = "./.data";

    /// <summary>HTTP settings.</summary>
    public HttpSettings Http { get; set; } = new();

    /// <summary>Embedded MQTT broker settings.</summary>
    public MqttSettings Mqtt { get; set; } = new();

    /// <summary>DUIS intake settings.</summary>
    public DuisSettings Duis { get; set; } = new();

    /// <summary>Which identity set the service runs with.</summary>
    public IdentitySettings Identity { get; set; } = new();

    /// <summary>Short command-line switches and the keys they set.</summary>
    public static IDictionary<string, string> CommandLineSwitches { get; } = new Dictionary<string, string>
    {
        ["--data-dir"] = $"{Section}:DataDirectory",
        ["--http-url"] = $"{Section}:Http:Url",
        ["--mqtt-port"] = $"{Section}:Mqtt:Port",
        ["--mqtt-address"] = $"{Section}:Mqtt:Address",
        ["--duis-schemas"] = $"{Section}:Duis:SchemaDirectory",
        ["--identity"] = $"{Section}:Identity:Mode",
        ["--vectors"] = $"{Section}:Identity:VectorsDirectory",
    };
}

/// <summary>HTTP listener settings.</summary>
public sealed class HttpSettings
{
    /// <summary>The URL Kestrel listens on (port 0 picks a free port).</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Largest DUIS request body accepted, in bytes; larger ones get 413. Default 1 MiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Embedded broker settings.</summary>
public sealed class MqttSettings
{
    /// <summary>Run the embedded broker (an external broker is the path past a few hundred hubs, DESIGN.md Scale-out).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The address the broker binds to. Loopback by default: username/password travel in clear until TLS is configured.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (printed at start).</summary>
    public int Port { get; set; } = 1883;
}

/// <summary>DUIS intake settings.</summary>
public sealed class DuisSettings
{
    /// <summary>Folder with the DUIS 5.4 schemas; null uses <c>DuisSchemaLocator.ResolveDefault()</c>.</summary>
    public string? SchemaDirectory { get; set; }
}

/// <summary>Which identities (PKI, users, hubs) the service uses.</summary>
public enum IdentityMode
{
    /// <summary>A test SMKI minted under the data directory on first start and reused afterwards.</summary>
    Minted,
    /// <summary>The DCC Boxed ZAZ1 / RTDS identities from the reference vectors, for conformance runs.</summary>
    Rtds,
}

/// <summary>Identity settings.</summary>
public sealed class IdentitySettings
{
    /// <summary><c>minted</c> (default) or <c>rtds</c>.</summary>
    public IdentityMode Mode { get; set; } = IdentityMode.Minted;

    /// <summary>The <c>vectors/gbcs</c> folder for <see cref="IdentityMode.Rtds"/>; null finds <c>../shared/vectors/gbcs</c> beside the checkout.</summary>
    public string? VectorsDirectory { get; set; }
}

namespace CommsHub.Firmware.Host.Wan;

/// <summary>Why a connection to the broker cannot succeed by trying again with the same settings.</summary>
public enum WanRefusalKind
{
    /// <summary>The broker refused the hub's user name, password or authority (CONNACK reason code).</summary>
    Credentials,

    /// <summary>The TLS handshake failed: the broker's certificate is not trusted, or the broker refused the hub's.</summary>
    Tls,
}

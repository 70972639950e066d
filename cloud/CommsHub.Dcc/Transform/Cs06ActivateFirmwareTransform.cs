using CommsHub.Dcc.Duis;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Dcc.Transforms;

/// <summary>
/// 11.3 Activate Firmware (critical, CV4) -> CS06 Activate Firmware pre-command: ASN.1 <c>{hash, originator counter,
/// [execution date-time]}</c>. An ExecutionDateTime of 3000-12-31T00:00:00Z (DUIS's cancellation value) becomes
/// GeneralizedTime 99991231235959Z, as in RTDS's CANCELLATION case. User-originated.
/// </summary>
public sealed class Cs06ActivateFirmwareTransform() : UseCaseTransform("11.3", "CS06")
{
    private static readonly DateTimeOffset Cancellation = new(3000, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override UseCasePlan? Plan(DuisRequest request, TransformContext context)
    {
        var body = request.BodyElement;
        if (body.LocalName != "ActivateFirmware") return null;
        var hash = DuisBody.HexBinary(body, "FirmwareHash");
        if (hash.Length != Cs06ActivateFirmwareCommand.HashLength)
            throw DuisBody.Invalid($"sr:FirmwareHash must be {Cs06ActivateFirmwareCommand.HashLength} bytes, got {hash.Length}");
        string? when = null;
        if (DuisBody.Text(body, "ExecutionDateTime") is { } text)
        {
            var t = DuisBody.ParseDateTime(text, "ExecutionDateTime");
            when = t == Cancellation ? "99991231235959Z" : GeneralizedTime.Format(t.UtcDateTime);
        }
        return new UseCasePlan("CS06", MessageCodes.CS06, CommandOrigin.User, true, h => new Cs06ActivateFirmwareCommand
        {
            ManufacturerImageHash = hash,
            OriginatorCounter = h.OriginatorCounter <= long.MaxValue ? (long)h.OriginatorCounter
                : throw Unsupported($"an originator counter above 2^63-1 ({h.OriginatorCounter}) in the CS06 payload"),
            ExecutionDateTime = when!,
        }.Encode());
    }
}

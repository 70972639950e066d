using CommsHub.Protocol.Framing;

namespace CommsHub.Fuzz.Targets;

/// <summary>
/// The GBCS frame parser (<see cref="GbcsFrameParser"/>) on a whole WAN/HAN frame. A parsed message must describe
/// regions inside its buffer; anything the parser accepts that breaks that is reported as a bug too.
/// </summary>
public sealed class GbcsFrameTarget : FuzzTarget
{
    /// <inheritdoc/>
    public override string Name => "gbcs-frame";

    /// <inheritdoc/>
    public override string Summary => "GbcsFrameParser.Parse on a whole frame; refusal: GbcsFormatException";

    /// <inheritdoc/>
    public override bool Execute(byte[] input)
    {
        var m = GbcsRefusal.Decode(() => GbcsFrameParser.Parse(input));
        if (m is null) return false;
        Inside(m, m.ContentOffset, m.ContentLength, "content");
        Inside(m, m.SigningOffset, m.SigningLength, "signed region");
        Inside(m, m.OtherInfoOffset, m.OtherInfoLength, "other information");
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SeedInput> Seeds() =>
        SeedCorpus.RtdsFramesOnePerUseCase().ToList();

    // A region the parser reports must lie within the bytes it was given.
    private static void Inside(GbcsMessage m, int offset, int length, string what)
    {
        if (offset < m.Offset || length < 0 || offset + length > m.Offset + m.Length)
            throw new InvalidOperationException(
                $"parser accepted a frame whose {what} ({offset}+{length}) lies outside the frame ({m.Offset}+{m.Length})");
    }
}

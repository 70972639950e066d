using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;

namespace CommsHub.Fuzz.Targets;

/// <summary>
/// The ZCL (GBZ) payload reader: <see cref="EncryptedContentLocator.Find"/> walks a GBZ payload's components (and DLMS
/// payloads' protected contents). The first input byte picks the frame around the payload: bits 0-1 the CRA flag,
/// bit 7 the GCS53 message code (the one GBZ alert that carries components); the rest is the payload.
/// Every content found must lie inside the buffer and hold at least its security header and tag.
/// </summary>
public sealed class ZclTarget : FuzzTarget
{
    private const int AlertFlag = 0x80;

    /// <inheritdoc/>
    public override string Name => "zcl";

    /// <inheritdoc/>
    public override string Summary => "EncryptedContentLocator.Find over a GBZ/ZCL payload in a frame; refusal: GbcsFormatException";

    /// <inheritdoc/>
    public override bool Execute(byte[] input)
    {
        if (input.Length < 1) return false;
        var frame = GbcsRefusal.Decode(() => Frame(input));
        if (frame is null) return false;
        var m = GbcsFrameParser.Parse(frame);
        var found = GbcsRefusal.Decode(() => EncryptedContentLocator.Find(m));
        if (found is null) return false;
        foreach (var c in found)
        {
            if (c.Offset < 0 || c.Length < 0 || c.Offset + c.Length > c.Buffer.Length)
                throw new InvalidOperationException($"encrypted content {c.Offset}+{c.Length} lies outside the {c.Buffer.Length}-byte buffer");
            if (c.CiphertextLength < 0)
                throw new InvalidOperationException($"encrypted content of {c.Length} bytes is shorter than its header and tag");
        }
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SeedInput> Seeds() =>
        SeedCorpus.RtdsContents(c => c.Length >= 2 && BigEndian.ReadUInt16(c, 0) == EncryptedContentLocator.GbzProfileId)
            .Select(x => new SeedInput(SeedCorpus.SafeName(x.Entry.File), [Selector(x.Message), .. x.Content]))
            .ToList();

    // The selector byte that rebuilds the seed's own frame kind.
    private static byte Selector(GbcsMessage m) =>
        (byte)(((int)m.Cra & 0x03) | (m.MessageCode == EncryptedContentLocator.Gcs53MessageCode ? AlertFlag : 0));

    // A frame (no MAC header, null signature) around the payload, built with the project's own frame builder.
    private static byte[] Frame(byte[] input)
    {
        var cra = input[0] & 0x03;
        var builder = new GbcsFrameBuilder
        {
            Cra = cra == 0 ? CraFlag.Response : (CraFlag)cra,
            OriginatorCounter = 1,
            Originator = 0x00DB1234567890A1,
            Target = 0x90B3D51F30010000,
            MessageCode = (input[0] & AlertFlag) != 0 ? EncryptedContentLocator.Gcs53MessageCode : 0x0020,
        };
        builder.SetContent(input[1..]);
        return builder.Build();
    }
}

using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using Xunit;

namespace CommsHub.Protocol.Tests.Framing;

public class FrameParserSmokeTests
{
    // GBCS.md §1.3 annotated example header (RTDS CCS01 command) – the first bytes up to the content length.
    [Fact]
    public void Gbt_is_a_typed_not_supported_error()
    {
        var ex = Assert.Throws<GbcsFormatException>(() => GbcsFrameParser.Parse(Hex.Decode("DD 09 01 00 00")));
        Assert.Equal(GbcsErrorCode.GbtNotSupported, ex.Code);
    }

    [Fact]
    public void Empty_input_is_truncated()
    {
        var ex = Assert.Throws<GbcsFormatException>(() => GbcsFrameParser.Parse(Array.Empty<byte>()));
        Assert.Equal(GbcsErrorCode.Truncated, ex.Code);
    }
}

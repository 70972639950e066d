using System.Text.Json;
using CommsHub.Firmware.Core.Wan;
using Xunit;

namespace CommsHub.Firmware.Han.Tests.Wan;

public class StatusJsonTests
{
    [Fact]
    public void Online_document_has_the_contract_shape()
    {
        var s = StatusJson.Online(0x00DB1234567890A2, "1.2.3", 3, 2);
        Assert.Equal("{\"eui\":\"00DB1234567890A2\",\"state\":\"online\",\"firmware\":\"1.2.3\",\"han\":{\"devices\":3,\"joined\":2}}", s);
        using var d = JsonDocument.Parse(s);
        Assert.Equal(2, d.RootElement.GetProperty("han").GetProperty("joined").GetInt32());
    }

    [Fact]
    public void Offline_document_is_the_lwt()
    {
        Assert.Equal("{\"eui\":\"00DB1234567890A2\",\"state\":\"offline\"}", StatusJson.Offline(0x00DB1234567890A2));
    }

    [Theory]
    [InlineData("a\"b\\c")]
    [InlineData("line\nbreak\t")]
    [InlineData("café ✓")]
    public void Firmware_text_is_escaped_into_valid_ascii_json(string firmware)
    {
        var s = StatusJson.Online(1, firmware, 0, 0);
        var bytes = StatusJson.AsciiBytes(s);
        Assert.All(bytes, b => Assert.True(b < 0x80));
        using var d = JsonDocument.Parse(bytes);
        Assert.Equal(firmware, d.RootElement.GetProperty("firmware").GetString());
    }
}

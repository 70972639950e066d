using CommsHub.Dcc.Logging;
using Xunit;

namespace CommsHub.Dcc.Tests;

public class LogTextTests
{
    [Fact]
    public void Plain_text_is_kept_as_it_is() =>
        Assert.Equal("00-DB-12-34-56-78-90-A0 café", LogText.Untrusted("00-DB-12-34-56-78-90-A0 café"));

    [Theory]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("a\tb\0c", "a\\tb\\u0000c")]
    [InlineData("a\u001b[2Jb", "a\\u001b[2Jb")]
    [InlineData("a\u0085b\u2028c\u2029d\u007fe", "a\\u0085b\\u2028c\\u2029d\\u007fe")]
    public void Line_breaks_and_control_characters_are_escaped(string text, string logged) =>
        Assert.Equal(logged, LogText.Untrusted(text));

    [Fact]
    public void Long_text_is_cut_with_its_length_noted()
    {
        var logged = LogText.Untrusted(new string('x', 70_000));
        Assert.Equal(new string('x', LogText.DefaultMaxLength) + "... (70000 chars)", logged);
    }

    [Fact]
    public void Null_is_named() => Assert.Equal("(none)", LogText.Untrusted(null));
}

using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// Evidence for two named RTDS inconsistencies (GCS15c, ECS25a): RTDS's ERROR command of the same use case is the
/// template's transform byte for byte, with the ERROR command's counter, while RTDS's SUCCESS command is not. So the
/// transform follows the use case as RTDS itself builds it, and the SUCCESS command was built from another request.
/// </summary>
public sealed class RtdsSiblingCommandTests
{
    [SharedDataTheory]
    [InlineData("GCS15c_4.4.3_SUCCESS", "4.4.3_GCS15c/GCS15c_4.4.3_ERROR_COMMAND_GBCS.HEX")]
    [InlineData("ECS25a_6.22_SUCCESS", "6.22_ECS25a/ECS25a_6.22_ERROR_COMMAND_GBCS.HEX")]
    public void Template_gives_the_RTDS_error_command_of_its_use_case(string name, string errorCommand)
    {
        var rtds = RtdsCorpus.Bytes(errorCommand);
        var counter = TransformData.Parse(rtds).OriginatorCounter;
        var request = TransformData.LoadTemplate($"{name}_REQUEST_DUIS.XML", counter);
        var ours = TransformData.Transformer().Transform(request, TransformData.Context(request, counter, name.Split('_')[0], name)).Command;
        Assert.Equal(Convert.ToHexString(rtds), Convert.ToHexString(ours));
        Assert.False(Assert.Single(ConformanceCensus.Outcomes, o => o.Name == name).Identical);
    }
}

using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;

namespace CommsHub.Dcc.Transform.Tests;

internal static partial class TransformData
{
    /// <summary>
    /// RTDS's command for the pre-command <paramref name="rtdsPreCommandFile"/>, and the command our pre-command
    /// <paramref name="result"/> completes to with RTDS's signed pre-command (its signature), both as hex.
    /// </summary>
    public static (string RtdsCommand, string Command) CompleteWithRtdsSignature(TransformResult result, string rtdsPreCommandFile)
    {
        var rtdsCommand = RtdsCorpus.Bytes(rtdsPreCommandFile.Replace("_PRECOMMAND_", "_COMMAND_", StringComparison.Ordinal));
        var rtds = Parse(rtdsCommand);
        var signed = rtdsCommand.AsSpan(rtds.SigningOffset, rtds.SigningLength).ToArray();
        var command = Transformer().CompleteSignedPreCommand(result.Command, signed);
        return (Convert.ToHexString(rtdsCommand), Convert.ToHexString(command));
    }
}

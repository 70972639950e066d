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
        return (Convert.ToHexString(rtdsCommand), Convert.ToHexString(SignedWithRtdsSignature(result.Command, rtdsCommand)));
    }

    /// <summary>
    /// <paramref name="issued"/> (a pre-command, or our signed part of a command: DF .. end of content) completed with
    /// the signed part of <paramref name="rtdsCommand"/> (its DF .. signature) and the ACB MAC. Completion checks that
    /// RTDS's signed part is exactly ours plus a signature that verifies, so this proves the two agree up to the
    /// signature, which ECDSA randomises.
    /// </summary>
    public static byte[] SignedWithRtdsSignature(byte[] issued, byte[] rtdsCommand)
    {
        var rtds = Parse(rtdsCommand);
        return Transformer().CompleteSignedPreCommand(issued, rtdsCommand.AsSpan(rtds.SigningOffset, rtds.SigningLength).ToArray());
    }
}

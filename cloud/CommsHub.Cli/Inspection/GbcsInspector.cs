using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Cli.Inspection;

/// <summary>Decodes one message's header and checks its signature and MAC.</summary>
internal sealed class GbcsInspector(IGbcsCrypto crypto, IGbcsKeyStore keys, ulong accessControlBroker)
{
    private readonly GbcsMessageVerifier _verifier = new(crypto, keys, accessControlBroker);

    public InspectionResult Inspect(InspectionInput input)
    {
        var result = new InspectionResult { Source = input.Source, Error = input.Error };
        if (input.Bytes is null) return result;
        GbcsMessage m;
        try
        {
            m = GbcsFrameParser.Parse(input.Bytes);
        }
        catch (GbcsFormatException ex)
        {
            result.Error = ex.Message;
            return result;
        }
        result.Form = m.Form switch { GbcsForm.Mac => "mac", GbcsForm.Signed => "signed", _ => "precommand" };
        result.Cra = m.Cra.ToString().ToLowerInvariant();
        result.MessageCode = "0x" + m.MessageCode.ToString("X4");
        result.UseCase = MessageCodes.Lookup(m.MessageCode)?.Name;
        result.Originator = m.OriginatorText;
        result.Target = m.TargetText;
        result.Counter = m.OriginatorCounter.ToString("X16");
        result.OtherInfoLength = m.OtherInfoLength;
        result.SupplementaryRemotePartyId = m.HasSupplementaryRemotePartyId ? Eui64.ToText(m.SupplementaryRemotePartyId) : null;
        result.SupplementaryRemotePartyCounter = m.HasSupplementaryRemotePartyCounter ? m.SupplementaryRemotePartyCounter.ToString("X16") : null;
        result.ContentLength = m.ContentLength;
        result.Signature = Name(_verifier.CheckSignature(m));
        result.Mac = Name(_verifier.CheckMac(m));
        return result;
    }

    private static string Name(CheckResult r) => r switch
    {
        CheckResult.Valid => "valid",
        CheckResult.Invalid => "invalid",
        CheckResult.Null => "null",
        CheckResult.NoKey => "nokey",
        _ => "absent",
    };
}

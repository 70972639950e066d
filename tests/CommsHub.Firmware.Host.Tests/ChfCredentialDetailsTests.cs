using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Host.Tests.Census;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>The CHF answers CS02a Provide Security Credential Details from its trust anchor cells, as RTDS's CHF does.</summary>
public class ChfCredentialDetailsTests
{
    [SharedDataFact]
    public void Subject_key_ids_are_those_of_rtds_certificates()
    {
        // RTDS's CHF CS02a answer names the ACB's DS key 42693535D3DDE101; its GSME's names the supplier's KA key 405B8C62687D8F70.
        Assert.Equal("42693535D3DDE101", Convert.ToHexString(SubjectKeyId.Of(Rtds.Public(Rtds.Acb, KeyUsage.DigitalSignature))));
        Assert.Equal("405B8C62687D8F70", Convert.ToHexString(SubjectKeyId.Of(Rtds.Public(Rtds.Supplier, KeyUsage.KeyAgreement))));
    }

    [SharedDataFact]
    public void Cs02a_to_the_chf_reports_its_anchors_as_rtds_does()
    {
        using var rig = new ChfCensusRig();

        var answer = GbcsFrameParser.Parse(rig.Answer(Rtds.Message("NA_CS02aSignature/CS02aSignature_NA_SUCCESS_COMMAND_GBCS.HEX"))!);
        var rtds = GbcsFrameParser.Parse(Rtds.Message("NA_CS02aSignature/CS02aSignature_NA_SUCCESS_RESPONSE_GBCS.HEX"));

        Assert.Equal((CraFlag.Response, 0x0008), (answer.Cra, answer.MessageCode));
        // The ACB's DS and KA cells with their subject unique and key ids: byte for byte RTDS's payload.
        Assert.Equal(Convert.ToHexString(rtds.Buffer, rtds.ContentOffset, rtds.ContentLength),
            Convert.ToHexString(answer.Buffer, answer.ContentOffset, answer.ContentLength));
    }
}

using CommsHub.Dcc.Access;
using CommsHub.Dcc.Storage;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>The credential replacements through the adapter: 6.15.1 as a pre-command, 6.23 from the DCC's TransCoS.</summary>
public sealed class CredentialsPipelineTests
{
    [SharedDataFact]
    public async Task Update_security_credentials_KRP_returns_the_CS02b_pre_command_for_the_supplier_to_sign()
    {
        using var rig = new Rig();
        var cv4 = await rig.Intake.ProcessAsync(rig.Signed("CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", 3000),
            DuisEndpoint.ServiceT);

        Assert.Equal((DuisOutcomeKind.Answered, "I0"), (cv4.Kind, cv4.ResponseCode));
        var pre = GbcsFrameParser.Parse(Convert.FromBase64String(Rig.Field(rig.CheckedResponse(cv4.ResponseBytes!), "GBCSPayload")!));
        Assert.Equal((GbcsForm.PreCommand, 0x0102, Rig.Supplier, 3000UL), (pre.Form, pre.MessageCode, pre.Originator, pre.OriginatorCounter));
        Assert.Empty(rig.Mqtt.Published);
    }

    /// <summary>
    /// 6.23 is originated by the DCC's TransCoS, so the adapter allocates its originator counter (as for the ACB's
    /// commands) and records the TransCoS as the command's originator, to which the meter's response is addressed.
    /// </summary>
    [SharedDataFact]
    public async Task Change_of_supplier_credentials_go_out_from_the_TransCoS_with_an_allocated_counter()
    {
        using var rig = new Rig();
        var result = await rig.Intake.ProcessAsync(rig.Signed("CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", 3000),
            DuisEndpoint.ServiceS);

        Assert.Equal((DuisOutcomeKind.Accepted, "I99"), (result.Kind, result.ResponseCode));
        var command = GbcsFrameParser.Parse(Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf))).Payload);
        Assert.Equal((0x0107, RtdsTestIdentities.TransitionalCoS), (command.MessageCode, command.Originator));
        var pending = rig.Store.PendingRequests.Find(result.PendingRequestId!)!;
        Assert.Equal(RtdsTestIdentities.TransitionalCoS, pending.CommandOriginator);
        Assert.Equal(command.OriginatorCounter, pending.OriginatorCounter);
        Assert.NotEqual(0UL, command.OriginatorCounter);
        Assert.NotEqual(3000UL, command.OriginatorCounter);
        var verifier = new GbcsMessageVerifier(new NetGbcsCrypto(), new DirectoryKeyStore(RtdsCorpus.KeystorePath), RtdsTestIdentities.AccessControlBroker);
        Assert.Equal((CheckResult.Valid, CheckResult.Valid), (verifier.CheckMac(command), verifier.CheckSignature(command)));
    }
}

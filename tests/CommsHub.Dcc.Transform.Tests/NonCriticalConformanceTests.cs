using CommsHub.Dcc.Transforms;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Transform.Tests;

/// <summary>
/// Every RTDS DUIS template of a supported non-critical SRV, transformed with the RTDS counter, gives the RTDS GBCS
/// command byte for byte, MAC included.
/// </summary>
public sealed class NonCriticalConformanceTests
{
    /// <summary>
    /// CS08_11.2_SUCCESS: the template's RequestID names the ACB (90-B3-D5-1F-30-00-00-02) as the user, while RTDS's
    /// command carries the supplier 90B3D51F30010000 as Supplementary Remote Party. The transform takes the SRP from
    /// the RequestID (as for every other ACB-originated command), so this pair is checked with the user corrected.
    /// </summary>
    private const string Cs08Template = "CS08_11.2_SUCCESS_REQUEST_DUIS.XML";

    public static IEnumerable<object[]> Pairs => TransformData.Rows("COMMAND", TransformData.NonCriticalSrvs);

    [SharedDataTheory]
    [MemberData(nameof(Pairs))]
    public void Template_gives_the_RTDS_command_byte_for_byte(string template)
    {
        var pair = TransformData.Pair(template, "COMMAND");
        if (Path.GetFileName(pair.Template) == Cs08Template) return; // checked below, with the template's user corrected
        var expected = RtdsCorpus.Bytes(pair.RtdsFile!);
        var request = TransformData.Load(pair.Template);
        var counter = TransformData.Parse(expected).OriginatorCounter;

        var result = TransformData.Transformer().Transform(request, TransformData.Context(request, counter, pair.UseCase));

        Assert.Equal(Convert.ToHexString(expected), result.Hex);
        Assert.Equal(pair.UseCase, result.UseCase);
        Assert.False(result.IsPreCommand);
    }

    [SharedDataFact]
    public void All_template_pairs_of_the_supported_non_critical_SRVs_are_checked()
    {
        var pairs = TransformData.Pairs("COMMAND", TransformData.NonCriticalSrvs);
        var paired = pairs.Where(p => p.RtdsFile is not null).Select(p => p.ToString()).ToList();
        var unpaired = pairs.Where(p => p.RtdsFile is null).Select(p => p.ToString()).Order().ToList();

        // 27 template/RTDS pairs: 3.3 x3, 4.1.1 x5, 6.13 x9, 8.9 x4, 8.11 x2, 8.12.1 x1, 11.2 x3.
        Assert.Equal(27, paired.Count);
        var perSrv = pairs.Where(p => p.RtdsFile is not null).GroupBy(p => p.Srv).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["3.3"] = 3, ["4.1.1"] = 5, ["6.13"] = 9, ["8.9"] = 4, ["8.11"] = 2, ["8.12.1"] = 1, ["11.2"] = 3,
        }, perSrv);
        // Templates with no RTDS command of the same name: the CV2 (local delivery) and DSP future-dated 4.1.1 requests.
        Assert.Equal(new[] { "ECS17b_4.1.1_DSP_FUTURE_DATED_REQUEST_DUIS.XML", "ECS17b_4.1.1_REQUEST_DUIS.XML" }, unpaired);
    }

    [SharedDataFact]
    public void Cs08_matches_RTDS_once_the_templates_user_is_the_supplier_RTDS_names()
    {
        var expected = RtdsCorpus.Bytes("11.2_CS08/CS08_11.2_SUCCESS_COMMAND_GBCS.HEX");
        var rtds = TransformData.Parse(expected);
        var request = TransformData.LoadTemplate(Cs08Template);
        Assert.Equal(RtdsTestIdentities.AccessControlBroker, request.Header.RequestId.Originator); // the template's quirk
        Assert.Equal(0x90B3D51F30010000UL, rtds.SupplementaryRemotePartyId);

        var transformer = TransformData.Transformer();
        var asIs = transformer.Transform(request, TransformData.Context(request, rtds.OriginatorCounter));
        var got = TransformData.Parse(asIs.Command);
        Assert.Equal(RtdsTestIdentities.AccessControlBroker, got.SupplementaryRemotePartyId); // SRP = the RequestID's user

        var id = request.Document.GetElementsByTagName("RequestID", "http://www.dccinterface.co.uk/ServiceUserGateway")[0]!;
        id.InnerText = id.InnerText.Replace("90-B3-D5-1F-30-00-00-02", "90-B3-D5-1F-30-01-00-00", StringComparison.Ordinal);
        var corrected = Dcc.Duis.DuisRequestParser.Parse(request.Document);
        var result = transformer.Transform(corrected, TransformData.Context(corrected, rtds.OriginatorCounter));
        Assert.Equal(Convert.ToHexString(expected), result.Hex);
    }

    [SharedDataFact]
    public void Local_delivery_request_gives_the_same_command_as_the_send_command_one()
    {
        var cv2 = TransformData.LoadTemplate("ECS17b_4.1.1_REQUEST_DUIS.XML");
        var cv1 = TransformData.LoadTemplate("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML");
        Assert.Equal(2, cv2.Header.CommandVariant);
        var t = TransformData.Transformer();
        Assert.Equal(t.Transform(cv1, TransformData.Context(cv1, 1)).Hex, t.Transform(cv2, TransformData.Context(cv2, 1)).Hex);
    }

    [SharedDataFact]
    public void Acb_originated_commands_carry_the_user_and_its_counter_as_supplementary_remote_party()
    {
        var request = TransformData.LoadTemplate("CCS01_8.11_SUCCESS_REQUEST_DUIS.XML");
        var result = TransformData.Transformer().Transform(request, TransformData.Context(request, 77));
        var m = TransformData.Parse(result.Command);
        Assert.Equal(CommandOrigin.AccessControlBroker, result.Origin);
        Assert.Equal(RtdsTestIdentities.AccessControlBroker, m.Originator);
        Assert.Equal(77UL, m.OriginatorCounter);
        Assert.Equal(18, m.OtherInfoLength);
        Assert.Equal(request.Header.RequestId.Originator, m.SupplementaryRemotePartyId);
        Assert.Equal(request.Header.RequestId.Counter, m.SupplementaryRemotePartyCounter);
        var verifier = new Protocol.Crypto.GbcsMessageVerifier(new Protocol.Net.Crypto.NetGbcsCrypto(), TransformData.Keys.Value, RtdsTestIdentities.AccessControlBroker);
        Assert.Equal(Protocol.Crypto.CheckResult.Valid, verifier.CheckMac(m));
    }

    [SharedDataFact]
    public void Firmware_version_read_on_the_CHF_is_ACB_originated_and_MACd_for_the_CHF()
    {
        // No RTDS vector: ECS52 on the CHF follows the CHF rule (the CHF takes commands from the ACB only).
        var request = TransformData.LoadTemplate("ECS52_11.2_SUCCESS_REQUEST_DUIS.XML");
        var context = TransformData.Context(request, 4242) with { CommsHub = request.Header.RequestId.Target };
        var result = TransformData.Transformer().Transform(request, context);
        var m = TransformData.Parse(result.Command);
        Assert.Equal("ECS52", result.UseCase);
        Assert.Equal(CommandOrigin.AccessControlBroker, result.Origin);
        Assert.Equal(RtdsTestIdentities.AccessControlBroker, m.Originator);
        Assert.Equal(4242UL, m.OriginatorCounter);
        Assert.Equal(request.Header.RequestId.Counter, m.SupplementaryRemotePartyCounter);
        Assert.Equal(context.CommsHub, result.CommsHub);
    }
}

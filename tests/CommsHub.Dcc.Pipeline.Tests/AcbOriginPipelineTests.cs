using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Transforms;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>
/// The commands the ACB originates in its own right (6.24.1 CS02a/f, 8.12.2 GCS59) and the ACB-signed non-critical
/// unjoin (8.8.2 CS04AC to a PPMID) through the whole pipeline: eligibility and access for a supplier, an ACB counter
/// allocated, RTDS's command published, RTDS's device response correlated to the user's I0.
/// </summary>
public sealed class AcbOriginPipelineTests
{
    private const ulong Gpf = RtdsTestIdentities.Gpf, Ppmid = RtdsTestIdentities.Ppmid;

    private sealed class FixedAcbCounter(ulong value) : IOriginatorCounterSource
    {
        public int Calls { get; private set; }

        public ulong Next()
        {
            Calls++;
            return value;
        }
    }

    /// <summary>A processor over the rig's store whose ACB counter is RTDS's, so RTDS's response correlates.</summary>
    private static (DuisIntake Intake, RecordingPublisher Mqtt, FixedAcbCounter Counter) Processor(Rig rig, ulong acbCounter)
    {
        rig.Store.Inventory.Upsert(new InventoryDevice(Gpf, DeviceType.Gpf, SmiStatus.Commissioned, Rig.Epoch, [Rig.Mprn], Rig.Chf));
        rig.Store.Inventory.Upsert(new InventoryDevice(Ppmid, DeviceType.Ppmid, SmiStatus.Commissioned, Rig.Epoch, [Rig.ImportMpan, Rig.Mprn], Rig.Chf));
        var mqtt = new RecordingPublisher();
        var counter = new FixedAcbCounter(acbCounter);
        var processor = new DuisRequestProcessor(rig.Store, rig.Schema, rig.Signers, rig.Transformer, rig.Writer,
            new MqttCommandDispatcher(mqtt, rig.Store.PendingRequests, rig.Presence),
            new DuisProcessorOptions
            {
                Presence = rig.Presence, FallbackInventory = RtdsTestIdentities.CreateInventory(), AcbCounters = counter,
                DeviceCertificates = new KeystoreDeviceCertificates(RtdsCorpus.KeystorePath),
            },
            time: rig.Clock);
        return (Rig.IntakeFor(processor), mqtt, counter);
    }

    public static IEnumerable<object[]> Rows => SharedData.Available
        ?
        [
            ["CS02aMAC_6.24.1_SUCCESS", "6.24.1_CS02aMAC", Rig.Esme],
            ["CS02fMAC_6.24.1_SUCCESS", "6.24.1_CS02fMAC", Rig.Esme],
            ["GCS59_8.12.2_SUCCESS", "8.12.2_GCS59", Gpf],
        ]
        : [["(reference data absent)", "", 0UL]];

    /// <summary>
    /// A supplier's request (the templates of CS02f and GCS59 name the ACB as the user; with no Supplementary Remote
    /// Party the command does not name the user, so it is RTDS's either way).
    /// </summary>
    [SharedDataTheory]
    [MemberData(nameof(Rows))]
    public async Task ACB_originated_request_publishes_RTDS_command_and_RTDS_response_reaches_the_user(string name, string folder, ulong device)
    {
        using var rig = new Rig();
        var command = Rig.Rtds($"{folder}/{name}_COMMAND_GBCS.HEX");
        var acbCounter = GbcsFrameParser.Parse(command).OriginatorCounter;
        var (intake, mqtt, counter) = Processor(rig, acbCounter);

        var result = await intake.ProcessAsync(rig.Signed($"{name}_REQUEST_DUIS.XML", 1000, originator: Rig.Supplier), DuisEndpoint.ServiceS);

        Assert.Equal((DuisOutcomeKind.Accepted, "I99"), (result.Kind, result.ResponseCode));
        Assert.Equal(1, counter.Calls);
        Assert.Equal(Convert.ToHexString(command), Convert.ToHexString(Assert.Single(mqtt.On(Rig.DownTopic(Rig.Chf))).Payload));
        var pending = rig.Store.PendingRequests.Find(result.PendingRequestId!)!;
        Assert.Equal((device, acbCounter, Rig.Supplier), (pending.DeviceEui, pending.OriginatorCounter, pending.UserEui));

        var response = Rig.Rtds($"{folder}/{name}_RESPONSE_GBCS.HEX");
        Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), response));
        var doc = rig.CheckedResponse(Assert.Single(rig.Delivery.Delivered).Xml);
        Assert.Equal("I0", Rig.Field(doc, "ResponseCode"));
        Assert.Equal(response, Convert.FromBase64String(Rig.Field(doc, "GBCSPayload")!));
    }

    /// <summary>
    /// 8.8.2 to a PPMID: the ACB originates it on the supplier's behalf, signs it with its DS key and MACs it; the command
    /// is RTDS's up to the (randomised) signature, and RTDS's response reaches the supplier.
    /// </summary>
    [SharedDataFact]
    public async Task ACB_signed_unjoin_to_a_PPMID_is_published_signed_and_answered()
    {
        using var rig = new Rig();
        const string name = "CS04ACNonCritical_8.8.2_SUCCESS";
        var rtds = Rig.Rtds($"8.8.2_CS04ACNonCritical/{name}_COMMAND_GBCS.HEX");
        var expected = GbcsFrameParser.Parse(rtds);
        var (intake, mqtt, _) = Processor(rig, expected.OriginatorCounter);

        var result = await intake.ProcessAsync(rig.Signed($"{name}_REQUEST_DUIS.XML", 1000), DuisEndpoint.ServiceS);

        Assert.Equal((DuisOutcomeKind.Accepted, "I99"), (result.Kind, result.ResponseCode));
        var published = Assert.Single(mqtt.On(Rig.DownTopic(Rig.Chf))).Payload;
        Assert.Equal(Convert.ToHexString(rtds, 0, expected.SignatureOffset), Convert.ToHexString(published, 0, expected.SignatureOffset));
        var m = GbcsFrameParser.Parse(published);
        var verifier = new GbcsMessageVerifier(new NetGbcsCrypto(), new DirectoryKeyStore(RtdsCorpus.KeystorePath), RtdsTestIdentities.AccessControlBroker);
        Assert.Equal(CheckResult.Valid, verifier.CheckSignature(m));
        Assert.Equal(CheckResult.Valid, verifier.CheckMac(m));

        var response = Rig.Rtds($"8.8.2_CS04ACNonCritical/{name}_RESPONSE_GBCS.HEX");
        Assert.Equal(CorrelationOutcome.Delivered, await rig.Correlator.HandleAsync(Rig.UpTopic(Rig.Chf), response));
        Assert.Equal("I0", Rig.Field(rig.CheckedResponse(Assert.Single(rig.Delivery.Delivered).Xml), "ResponseCode"));
    }
}

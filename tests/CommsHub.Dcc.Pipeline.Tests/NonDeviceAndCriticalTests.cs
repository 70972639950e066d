using System.Xml;
using CommsHub.Dcc.Access;
using CommsHub.Dcc.Dispatch;
using CommsHub.Dcc.Duis;
using CommsHub.Dcc.Storage.Sql;
using CommsHub.Protocol.Asn1;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;
using Xunit;

namespace CommsHub.Dcc.Pipeline.Tests;

/// <summary>Non-device requests answered from the inventory, and the critical CV4 -> CV5 flow.</summary>
public sealed class NonDeviceAndCriticalTests
{
    [SharedDataFact]
    public async Task Read_inventory_answers_from_the_inventory()
    {
        using var rig = new Rig();
        var result = await rig.Intake.ProcessAsync(rig.Signed("8.2_READ_INVENTORY_REQUEST_DUIS.XML", 2000), DuisEndpoint.ServiceD);

        Assert.Equal((DuisOutcomeKind.Answered, "I0"), (result.Kind, result.ResponseCode));
        var doc = rig.CheckedResponse(result.ResponseBytes!);
        var ids = doc.GetElementsByTagName("DeviceID", DuisNamespaces.ServiceUserGateway).Cast<XmlElement>().Select(e => e.InnerText).ToList();
        Assert.Equal(["00-DB-12-34-56-78-90-A2", "00-DB-12-34-56-78-90-A0", "00-DB-12-34-56-78-90-A1"], ids);
        Assert.Equal(0, rig.PendingCount());
    }

    [SharedDataFact]
    public async Task Decommission_changes_the_status_and_later_requests_get_E5()
    {
        using var rig = new Rig();
        var result = await rig.Intake.ProcessAsync(rig.Signed("8.3_DECOMMISSION_DEVICE_REQUEST_DUIS.XML", 2000), DuisEndpoint.ServiceD);
        Assert.Equal((DuisOutcomeKind.Answered, "I99"), (result.Kind, result.ResponseCode));
        Assert.Equal(SmiStatus.Decommissioned, rig.Store.Inventory.Find(Rig.Esme)!.Status);

        var read = await rig.Intake.ProcessAsync(rig.Signed("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", 2001), DuisEndpoint.ServiceS);
        Assert.Equal("E5", read.ResponseCode);
    }

    [SharedDataFact]
    public async Task Pre_notification_adds_a_pending_device()
    {
        using var rig = new Rig();
        const string template = "12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML";
        // The template pre-notifies the ESME A0, which is already Commissioned: refused by its SMI status.
        var known = await rig.Intake.ProcessAsync(rig.Signed(template, 2000), DuisEndpoint.ServiceD);
        Assert.Equal("E5", known.ResponseCode);

        var fresh = rig.Signed(template, 2001, edit: t => t.Replace("<sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID>", "<sr:DeviceID>00-DB-12-34-56-78-90-B0</sr:DeviceID>"));
        var result = await rig.Intake.ProcessAsync(fresh, DuisEndpoint.ServiceD);

        Assert.Equal((DuisOutcomeKind.Answered, "I99"), (result.Kind, result.ResponseCode));
        var device = rig.Store.Inventory.Find(0x00DB1234567890B0UL)!;
        Assert.Equal((DeviceType.Esme, SmiStatus.Pending), (device.Type, device.Status));
    }

    [SharedDataFact]
    public async Task Critical_request_returns_the_RTDS_pre_command_and_the_signed_one_is_dispatched()
    {
        using var rig = new Rig();
        var cv4 = await rig.Intake.ProcessAsync(rig.Signed("ECS42_7.1_SUCCESS_REQUEST_DUIS.XML"), DuisEndpoint.ServiceT);

        Assert.Equal((DuisOutcomeKind.Answered, "I0"), (cv4.Kind, cv4.ResponseCode));
        var doc = rig.CheckedResponse(cv4.ResponseBytes!);
        var pre = Convert.FromBase64String(Rig.Field(doc, "GBCSPayload")!);
        Assert.Equal(Rig.Rtds("7.1_ECS42/ECS42_7.1_SUCCESS_PRECOMMAND_GBCS.HEX"), pre);
        Assert.Equal(0, rig.PendingCount());
        Assert.Empty(rig.Mqtt.Published);

        var signed = SignPreCommand(pre);
        var counter = GbcsFrameParser.Parse(pre).OriginatorCounter;
        var cv5 = await rig.Intake.ProcessAsync(Cv5(rig, signed, counter + 1), DuisEndpoint.ServiceS);

        Assert.Equal((DuisOutcomeKind.Accepted, "I99"), (cv5.Kind, cv5.ResponseCode));
        var command = Assert.Single(rig.Mqtt.On(Rig.DownTopic(Rig.Chf))).Payload;
        var m = GbcsFrameParser.Parse(command);
        var verifier = new GbcsMessageVerifier(new NetGbcsCrypto(), new DirectoryKeyStore(RtdsCorpus.KeystorePath), Transforms.RtdsTestIdentities.AccessControlBroker);
        Assert.Equal((CheckResult.Valid, CheckResult.Valid), (verifier.CheckMac(m), verifier.CheckSignature(m)));
        Assert.Equal(counter, rig.Store.PendingRequests.Find(cv5.PendingRequestId!)!.OriginatorCounter);

        // The same signed pre-command cannot be used twice.
        var again = await rig.Intake.ProcessAsync(Cv5(rig, signed, counter + 2), DuisEndpoint.ServiceS);
        Assert.Equal("E1", again.ResponseCode);
    }

    [SharedDataFact]
    public async Task A_CV5_is_accepted_by_a_processor_recreated_over_the_same_database()
    {
        using var rig = new Rig();
        var cv4 = await rig.Intake.ProcessAsync(rig.Signed("ECS42_7.1_SUCCESS_REQUEST_DUIS.XML"), DuisEndpoint.ServiceT);
        Assert.Equal("I0", cv4.ResponseCode);
        var pre = Convert.FromBase64String(Rig.Field(rig.CheckedResponse(cv4.ResponseBytes!), "GBCSPayload")!);
        var counter = GbcsFrameParser.Parse(pre).OriginatorCounter;

        // A restarted (or another) adapter instance: a new store over the same database file, a new processor.
        using var reopened = SqliteDccStore.Open(rig.DataDirectory);
        var mqtt = new RecordingPublisher();
        var processor = new DuisRequestProcessor(reopened, rig.Schema, rig.Signers, rig.Transformer, rig.Writer,
            new MqttCommandDispatcher(mqtt, reopened.PendingRequests, rig.Presence),
            new DuisProcessorOptions { Presence = rig.Presence, FallbackInventory = Transforms.RtdsTestIdentities.CreateInventory() },
            time: rig.Clock);

        var signed = SignPreCommand(pre);
        var cv5 = await Rig.IntakeFor(processor).ProcessAsync(Cv5(rig, signed, counter + 1), DuisEndpoint.ServiceS);
        Assert.Equal((DuisOutcomeKind.Accepted, "I99"), (cv5.Kind, cv5.ResponseCode));
        Assert.Single(mqtt.On(Rig.DownTopic(Rig.Chf)));
        Assert.Equal(counter, reopened.PendingRequests.Find(cv5.PendingRequestId!)!.OriginatorCounter);

        // Taken once for all instances: the original processor now refuses the same signed pre-command.
        var again = await rig.Intake.ProcessAsync(Cv5(rig, signed, counter + 2), DuisEndpoint.ServiceS);
        Assert.Equal("E1", again.ResponseCode);
        Assert.Empty(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
    }

    [SharedDataFact]
    public async Task The_sweeper_purges_an_expired_pre_command_and_its_late_CV5_is_refused()
    {
        using var rig = new Rig();
        var cv4 = await rig.Intake.ProcessAsync(rig.Signed("ECS42_7.1_SUCCESS_REQUEST_DUIS.XML"), DuisEndpoint.ServiceT);
        var pre = Convert.FromBase64String(Rig.Field(rig.CheckedResponse(cv4.ResponseBytes!), "GBCSPayload")!);
        var counter = GbcsFrameParser.Parse(pre).OriginatorCounter;

        rig.Clock.Now = rig.Clock.Now.AddHours(24).AddTicks(-1); // DuisProcessorOptions.PreCommandValidity: still valid
        Assert.Equal(new SweepResult(0, 0, 0) { PurgedPreCommands = 0 }, await rig.Sweeper.SweepAsync());
        rig.Clock.Now = rig.Clock.Now.AddTicks(1);
        Assert.Equal(new SweepResult(0, 0, 0) { PurgedPreCommands = 1 }, await rig.Sweeper.SweepAsync());
        Assert.Equal(0, (await rig.Sweeper.SweepAsync()).PurgedPreCommands);

        // The row is gone, not just hidden: a CV5 is refused even by an instance whose clock still says "valid".
        Assert.Null(rig.Store.PreCommands.Find(Rig.Esme, counter, DateTimeOffset.MinValue));
        var late = await rig.Intake.ProcessAsync(Cv5(rig, SignPreCommand(pre), counter + 1), DuisEndpoint.ServiceS);
        Assert.Equal("E1", late.ResponseCode);
        Assert.Empty(rig.Mqtt.On(Rig.DownTopic(Rig.Chf)));
    }

    private static byte[] SignPreCommand(byte[] pre)
    {
        var key = NetPrivateKey.FromPkcs8Pem(File.ReadAllText(Path.Combine(RtdsCorpus.KeystorePath, "90b3d51f30010000-ds.key")));
        var b = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(pre));
        b.Signature = SignatureKind.Ecdsa;
        var signed = b.Build();
        GbcsSigner.Sign(new NetGbcsCrypto(), key, GbcsFrameParser.Parse(signed));
        return signed;
    }

    private static byte[] Cv5(Rig rig, byte[] signedPreCommand, ulong counter)
    {
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4"><sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{counter}</sr:RequestID><sr:CommandVariant>5</sr:CommandVariant><sr:ServiceReference>7.1</sr:ServiceReference><sr:ServiceReferenceVariant>7.1</sr:ServiceReferenceVariant></sr:Header><sr:Body><sr:SignedPreCommand><sr:GBCSPayload>{Convert.ToBase64String(signedPreCommand)}</sr:GBCSPayload></sr:SignedPreCommand></sr:Body></sr:Request>
            """;
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(xml);
        DuisSignature.Sign(doc, rig.SupplierSigner);
        return Pipeline.DuisResponseWriter.Serialize(doc);
    }
}

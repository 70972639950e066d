using CommsHub.Firmware.Host.Cli;
using CommsHub.Firmware.Host.Simulation;
using CommsHub.Firmware.Host.Simulation.Cosem;
using CommsHub.Firmware.Host.Simulation.Faults;
using CommsHub.Firmware.Host.Simulation.Zcl;
using CommsHub.Firmware.Host.Tests.Support;
using CommsHub.Protocol.Crypto;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.Net.Crypto;
using CommsHub.TestSupport;

namespace CommsHub.Firmware.Host.Tests;

/// <summary>
/// Fault injection on the virtual ESME and GSME (docs/VIRTUAL-DEVICE-FAULTS.md): the failing step answers a hardware
/// fault, the steps after it are abandoned and change nothing, the steps before it run; one-shot and persistent
/// faults, message-code filters, the text form and the <c>fault</c> line command.
/// </summary>
public class VirtualMeterFaultTests
{
    private const ulong Obis = 0x0000600A01FFUL; // 0-0:96.10.1.255, a data object

    [Fact]
    public void Dlms_the_failing_access_is_a_hardware_fault_and_the_later_ones_other_reason_and_only_the_earlier_ones_run()
    {
        var model = new CosemObjectModel();
        var request = new AccessRequest(7,
            [Set(2), Set(3), new AccessRequestSpec(AccessKind.Get, 1, Obis, 2), new AccessRequestSpec(AccessKind.Action, 9, Obis, 1)],
            [DlmsData.LongUnsigned(1), DlmsData.LongUnsigned(2), DlmsData.Null(), DlmsData.Null()]);
        bool actionRan = false;
        model.OnAction(9, Obis, 1, _ => { actionRan = true; return null; });

        var bytes = DlmsAccessServer.Answer(model, request, new CommandFault { Step = 1 });
        var r = AccessResponse.Decode(bytes, 0, bytes.Length);

        Assert.Equal(["Set:0", "Set:1", "Get:250", "Action:250"], r.Results.Select(x => $"{x.Kind}:{x.Result}"));
        Assert.All(r.Data, d => Assert.Equal(DlmsType.Null, d.Type));
        Assert.Equal(1, model.Get(1, Obis, 2)!.Value); // the access before the fault ran
        Assert.Null(model.Get(1, Obis, 3)); // the failing one changed nothing
        Assert.False(actionRan); // nor did the abandoned one
    }

    [Theory]
    [InlineData(-2, 2)] // the default: second-to-last
    [InlineData(-1, 3)]
    [InlineData(0, 0)]
    [InlineData(9, 3)] // beyond the command: its last step
    [InlineData(-9, 0)]
    public void A_step_counts_from_the_start_or_from_the_end_and_is_clamped_to_the_command(int step, int failing) =>
        Assert.Equal(failing, new CommandFault { Step = step }.Plan(4).FailingStep);

    [Fact]
    public void A_single_access_command_fails_with_hardware_fault_under_the_default_fault()
    {
        var request = new AccessRequest(1, [new AccessRequestSpec(AccessKind.GetWithSelection, 7, Obis, 2)], [DlmsData.Null()]);

        var bytes = DlmsAccessServer.Answer(new CosemObjectModel(), request, new CommandFault());

        var result = Assert.Single(AccessResponse.Decode(bytes, 0, bytes.Length).Results);
        Assert.Equal((AccessKind.Get, FaultPlan.DlmsHardwareFault), (result.Kind, result.Result));
    }

    [Fact]
    public void Gbz_the_failing_component_gets_hardware_failure_and_the_later_ones_failure_to_command_ff()
    {
        var store = new ZclAttributeStore();
        // Write 0705/0010 (uint16), a cluster-specific command 05, another one 06 (last component).
        var command = Gbz(("00", "0705", "00" + "03" + "02" + "1000" + "21" + "3412"), ("00", "0705", "01" + "04" + "05" + "AA"),
            ("01", "0705", "01" + "05" + "06" + "BB"));

        var answer = GbzCommandServer.Answer(store, command, new CommandFault { Step = 1 });

        Assert.Equal("0109" + "03"
            + "00" + "0705" + "0004" + "08" + "03" + "04" + "00" // the write before the fault ran
            + "00" + "0705" + "0005" + "08" + "04" + "0B" + "05" + "C0" // Default Response HARDWARE_FAILURE to command 05
            + "01" + "0705" + "0005" + "08" + "05" + "0B" + "FF" + "01", // abandoned: FAILURE to command FF
            Convert.ToHexString(answer!));
        Assert.Equal("3412", Convert.ToHexString(store.Read(0x0705, 0x0010)!.Value));
    }

    [Fact]
    public void Gbz_a_failing_get_event_configuration_is_answered_server_to_client_as_rtds_gcs20r()
    {
        // Device Management Get Event Configuration reaches the meter server to client (fc 09); a Publish Calendar too.
        var getConfiguration = Gbz(("01", "0708", "09" + "00" + "05" + "FF81"));
        var publishCalendar = Gbz(("01", "0707", "09" + "00" + "00" + "00"));

        var failedGet = GbzCommandServer.Answer(new ZclAttributeStore(), getConfiguration, new CommandFault());
        var failedPublish = GbzCommandServer.Answer(new ZclAttributeStore(), publishCalendar, new CommandFault());

        Assert.Equal("0109" + "01" + "01" + "0708" + "0005" + "08" + "00" + "0B" + "05" + "C0", Convert.ToHexString(failedGet!));
        Assert.Equal("0109" + "01" + "01" + "0707" + "0005" + "00" + "00" + "0B" + "00" + "C0", Convert.ToHexString(failedPublish!));
    }

    [Fact]
    public void Gbz_a_failing_read_fails_the_chosen_attribute_record_and_reads_the_others()
    {
        var store = new ZclAttributeStore();
        store.Seed(0x0000, 0x0004, 0x42, [0x01, 0x41]);
        store.Seed(0x0000, 0x0005, 0x42, [0x01, 0x42]);
        var command = Gbz(("00", "0000", "00" + "01" + "00" + "0400" + "0500"), ("01", "0702", "01" + "02" + "05" + "AA"));

        var answer = GbzCommandServer.Answer(store, command, new CommandFault { Step = 0, Attribute = 1 });

        Assert.Equal("0109" + "02"
            + "00" + "0000" + "000C" + "08" + "01" + "01" + "0400" + "00" + "42" + "0141" + "0500" + "C0"
            + "01" + "0702" + "0005" + "08" + "02" + "0B" + "FF" + "01",
            Convert.ToHexString(answer!));
    }

    [Fact]
    public void Gbz_a_failing_write_reports_the_chosen_record_and_stores_the_others()
    {
        var store = new ZclAttributeStore();
        var command = Gbz(("01", "0705", "00" + "03" + "02" + "1000" + "21" + "3412" + "1100" + "20" + "07"));

        var answer = GbzCommandServer.Answer(store, command, new CommandFault { Step = 0, Attribute = -1 });

        Assert.Equal("0109" + "01" + "01" + "0705" + "0006" + "08" + "03" + "04" + "C0" + "1100", Convert.ToHexString(answer!));
        Assert.NotNull(store.Read(0x0705, 0x0010));
        Assert.Null(store.Read(0x0705, 0x0011));
    }

    [SharedDataFact]
    public void An_esme_fault_is_spent_by_the_next_command_and_the_one_after_succeeds()
    {
        var esme = TestMeters.Esme();
        esme.Faults.Arm(new CommandFault { Step = 6 });

        var failed = Results(esme, Ecs29c(esme, 0x1000));
        var succeeded = Results(esme, Ecs29c(esme, 0x1001));

        Assert.Equal("0 0 0 0 0 0 1 250 250 250 250", failed);
        Assert.Equal("0 0 0 0 0 0 0 0 0 0 0", succeeded);
        Assert.Empty(esme.Faults.Armed);
        Assert.Equal(1, esme.Faults.Tripped);
    }

    [SharedDataFact]
    public void A_persistent_fault_with_a_message_code_trips_only_that_use_case_every_time()
    {
        var esme = TestMeters.Esme();
        esme.Faults.Arm(new CommandFault { Step = 0, MessageCode = 0x0001, Persistent = true }); // not ECS29c
        Assert.Equal("0 0 0 0 0 0 0 0 0 0 0", Results(esme, Ecs29c(esme, 0x1000)));

        esme.Faults.Clear();
        esme.Faults.Arm(new CommandFault { Step = -1, MessageCode = 0x00D1, Persistent = true }); // ECS29c
        Assert.Equal("0 0 0 0 0 0 0 0 0 0 1", Results(esme, Ecs29c(esme, 0x1001)));
        Assert.Equal("0 0 0 0 0 0 0 0 0 0 1", Results(esme, Ecs29c(esme, 0x1002)));
        Assert.Single(esme.Faults.Armed);
    }

    [SharedDataFact]
    public void A_command_the_device_drops_does_not_spend_the_fault()
    {
        var esme = TestMeters.Esme();
        esme.Faults.Arm(new CommandFault());
        var frame = Ecs29c(esme, 0x1000);
        frame[^1] ^= 1; // MAC broken

        Assert.Null(esme.Handle(frame, 0, frame.Length));

        Assert.Single(esme.Faults.Armed);
    }

    [SharedDataFact]
    public void A_gsme_fault_is_answered_in_the_maced_gbz_response()
    {
        var gsme = TestMeters.Gsme();
        gsme.Faults.Arm(new CommandFault { Step = 1 });
        var frame = HubSetup.Remac(Rtds.Message("6.22_GCS20/GCS20_6.22_SUCCESS_COMMAND_GBCS.HEX"), gsme.Keys.KeyAgreement.PublicKey);

        var m = GbcsFrameParser.Parse(gsme.Handle(frame, 0, frame.Length)!);

        // GCS20: four Device Management components; RTDS's failing GSME answers exactly so (GCS20_6.22_ERROR_RESPONSE).
        Assert.Equal("gbz 4 components [ctl 00 cluster 0708 fc 00 cmd 0B default-response to 04 status 00]"
            + " [ctl 00 cluster 0708 fc 00 cmd 0B default-response to 04 status C0]"
            + " [ctl 00 cluster 0708 fc 00 cmd 0B default-response to FF status 01]"
            + " [ctl 01 cluster 0708 fc 00 cmd 0B default-response to FF status 01]",
            Census.ResponseShape.Of(m).Split(" | ")[1]);
        Assert.Equal(CheckResult.Valid, new GbcsMac(new NetGbcsCrypto()).Verify(m, Rtds.Private(Rtds.Supplier, KeyUsage.KeyAgreement), gsme.Keys.KeyAgreement.PublicKey));
    }

    [Theory]
    [InlineData("", "step=-2 attribute=0 once")]
    [InlineData("step=3 attribute=-1 code=0x00d1 always", "step=3 attribute=-1 code=00D1 always")]
    [InlineData("  STEP=0   once ", "step=0 attribute=0 once")]
    public void The_text_form_reads_back(string text, string parsed) => Assert.Equal(parsed, CommandFault.Parse(text).ToString());

    [Theory]
    [InlineData("step=x", "fault: step must be a whole number, got 'x'")]
    [InlineData("code=12345", "fault: code must be a message code of 1 to 4 hex digits, got '12345'")]
    [InlineData("fail", "fault: 'fail' is not step=N, attribute=N, code=HEX, once or always")]
    [InlineData("always=1", "fault: 'always=1' is not step=N, attribute=N, code=HEX, once or always")]
    public void A_bad_text_form_says_why(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => CommandFault.Parse(text)).Message);

    [SharedDataFact]
    public async Task The_fault_line_command_arms_and_clears_a_meter_on_its_hub()
    {
        using var dir = new TempDir();
        using var ka = NetPrivateKey.Generate();
        using var ds = NetPrivateKey.Generate();
        var esme = TestMeters.Esme();
        var hub = HubSetup.Start(dir.Path, 1, ka, ds, esme);
        try
        {
            var output = new StringWriter();
            var commands = new HubCommands([hub], output);

            Assert.True(await commands.Execute("fault 00DB1234567890A0 step=1 code=00D1"));
            Assert.Equal("step=1 attribute=0 code=00D1 once", Assert.Single(await hub.InvokeAsync(() => esme.Faults.Armed)).ToString());
            Assert.True(await commands.Execute("fault 00DB1234567890A0 clear"));
            Assert.Empty(await hub.InvokeAsync(() => esme.Faults.Armed));
            Assert.True(await commands.Execute("fault 00DB1234567890A2 step=-1 code=0001 always"));
            Assert.Equal((-1, 0x0001, true), await hub.InvokeAsync(() => (hub.Engine.ArmedFault!.Step, hub.Engine.ArmedFault.MessageCode, hub.Engine.ArmedFault.Persistent)));
            Assert.True(await commands.Execute("fault 00DB1234567890A2 clear"));
            Assert.Null(await hub.InvokeAsync(() => hub.Engine.ArmedFault));
            Assert.False(await commands.Execute("fault 00DB1234567890A9"));
            Assert.False(await commands.Execute("fault 00DB1234567890A0 step=?"));

            Assert.Equal(
            [
                "commshub-hub: fault armed on 00DB1234567890A0 (hub 00DB1234567890A2): step=1 attribute=0 code=00D1 once",
                "commshub-hub: faults cleared on 00DB1234567890A0 (hub 00DB1234567890A2)",
                "commshub-hub: fault armed on 00DB1234567890A2 (hub 00DB1234567890A2): step=-1 attribute=0 code=0001 always",
                "commshub-hub: faults cleared on 00DB1234567890A2 (hub 00DB1234567890A2)",
                "commshub-hub: fault: no simulated device 00DB1234567890A9 on these hubs",
                "commshub-hub: fault: step must be a whole number, got '?'",
            ], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        }
        finally
        {
            await hub.StopAsync(TimeSpan.Zero).WaitAsync(AdapterClient.Wait);
        }
    }

    private static AccessRequestSpec Set(int attribute) => new(AccessKind.Set, 1, Obis, attribute);

    // ECS29c (eleven sets, non-critical) with another counter, MAC'd for the meter.
    private static byte[] Ecs29c(VirtualMeter meter, ulong counter)
    {
        var b = GbcsFrameBuilder.FromMessage(GbcsFrameParser.Parse(Rtds.Message("6.5_ECS29c/ECS29c_6.5_SUCCESS_COMMAND_GBCS.HEX")));
        b.OriginatorCounter = counter;
        return HubSetup.Remac(b.Build(), meter.Keys.KeyAgreement.PublicKey);
    }

    private static string Results(VirtualMeter meter, byte[] frame)
    {
        var m = GbcsFrameParser.Parse(meter.Handle(frame, 0, frame.Length)!);
        return string.Join(' ', AccessResponse.Decode(m.Buffer, m.ContentOffset, m.ContentLength).Results.Select(r => r.Result));
    }

    private static GbcsMessage Gbz(params (string Control, string Cluster, string Zcl)[] components)
    {
        var b = new GbcsFrameBuilder
        {
            WithMacHeader = false, Cra = CraFlag.Command, OriginatorCounter = 1, Originator = Rtds.Supplier, Target = Rtds.Gsme,
            MessageCode = 0x0072, Signature = SignatureKind.Null,
        };
        b.SetContent(Convert.FromHexString("0109" + components.Length.ToString("X2")
            + string.Concat(components.Select(c => c.Control + c.Cluster + (c.Zcl.Length / 2).ToString("X4") + c.Zcl))));
        return GbcsFrameParser.Parse(b.Build());
    }
}
